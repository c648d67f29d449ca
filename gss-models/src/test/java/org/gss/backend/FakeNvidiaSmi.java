package org.gss.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A shell script that stands in for {@code nvidia-smi} on this machine, which has no GPU: it checks that it was asked
 * the GPU query, prints a recorded answer in nvidia-smi's real format and exits with the given code. It counts its
 * calls, so tests can tell whether the probe ran at all.
 */
final class FakeNvidiaSmi {
    private final Path dir;
    final Path script;

    private FakeNvidiaSmi(Path dir) {
        this.dir = dir;
        this.script = dir.resolve("nvidia-smi");
    }

    static FakeNvidiaSmi printing(Path dir, String answer) {
        return create(dir, answer, 0);
    }

    static FakeNvidiaSmi create(Path dir, String answer, int exitCode) {
        FakeNvidiaSmi fake = new FakeNvidiaSmi(dir);
        try {
            Files.writeString(dir.resolve("answer.txt"), answer);
            Files.writeString(fake.script, "#!/bin/sh\n"
                    + "echo call >> '" + dir.resolve("calls") + "'\n"
                    + "if [ \"$*\" != '" + String.join(" ", NvidiaSmiCsv.QUERY) + "' ]; then\n"
                    + "  echo \"unexpected arguments: $*\"; exit 9\n"
                    + "fi\n"
                    + "cat '" + dir.resolve("answer.txt") + "'\n"
                    + "exit " + exitCode + "\n");
            Files.setPosixFilePermissions(fake.script, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fake;
    }

    GpuProbe probe(java.util.Map<String, String> env) {
        return new GpuProbe(script.toString(), env);
    }

    int calls() {
        try {
            Path calls = dir.resolve("calls");
            return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
