package org.gss.jobs.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.gss.cli.Main;

/** Runs gss commands in-process (on the test's Spark session) and reads their JSON outputs. */
final class EvalCli {
    record Run(int code, String output) {
    }

    private EvalCli() {
    }

    static Run gss(String command, List<String> sets) {
        String[] args = Stream.concat(Stream.of(command), sets.stream().flatMap(x -> Stream.of("--set", x)))
                .toArray(String[]::new);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Run(code, o.toString(StandardCharsets.UTF_8) + e.toString(StandardCharsets.UTF_8));
    }

    static List<String> sets(String... kv) {
        return new ArrayList<>(List.of(kv));
    }

    /** {@code key="value"} with the value quoted for HOCON. */
    static String q(String key, Object value) {
        return key + "=\"" + value + "\"";
    }

    static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(Files.readAllBytes(file));
    }
}
