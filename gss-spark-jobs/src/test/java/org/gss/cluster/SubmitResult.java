package org.gss.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** How a spark-submit of a gss command ended: its exit code (gss's: 0, 1, 2), wall time and the driver's output. */
public record SubmitResult(List<String> gssArgs, int exitCode, Duration wall, Path stdoutFile, Path stderrFile) {
    public String stdout() {
        return read(stdoutFile);
    }

    public String stderr() {
        return read(stderrFile);
    }

    /** For assertion messages: the command, exit code and the end of both streams. */
    public String describe() {
        return "gss " + String.join(" ", gssArgs) + " -> exit " + exitCode + " after " + wall.toMillis() + " ms\n"
                + "--- stdout (" + stdoutFile + ") ---\n" + tail(stdout(), 4_000) + "\n--- stderr (" + stderrFile
                + ") ---\n" + tail(stderr(), 12_000);
    }

    static String tail(String s, int chars) {
        return s.length() <= chars ? s : "..." + s.substring(s.length() - chars);
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
