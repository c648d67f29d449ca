package org.gss.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/gpu-discovery.sh, run for real with a script standing in for nvidia-smi (this machine has no GPU) that
 * prints what {@code nvidia-smi --query-gpu=index --format=csv,noheader} prints.
 */
class GpuDiscoveryScriptTest {
    private static final Path SCRIPT = Path.of(System.getProperty("user.dir")).getParent()
            .resolve("deploy/gpu-discovery.sh");

    @TempDir
    Path dir;

    private record Run(int exit, String stdout, String stderr) {
    }

    private Run run(String smiOutput, int smiExit) throws Exception {
        Path smi = dir.resolve("nvidia-smi");
        Files.writeString(dir.resolve("answer.txt"), smiOutput);
        Files.writeString(smi, "#!/bin/sh\n[ \"$*\" = '--query-gpu=index --format=csv,noheader' ] || exit 9\n"
                + "cat '" + dir.resolve("answer.txt") + "'\nexit " + smiExit + "\n");
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
        return runWith(Map.of("NVIDIA_SMI", smi.toString()));
    }

    private Run runWith(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out, err);
    }

    @Test
    void listsEveryGpuIndex() throws Exception {
        Run r = run("0\n1\n2\n3\n", 0);
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("{\"name\": \"gpu\", \"addresses\": [\"0\", \"1\", \"2\", \"3\"]}\n", r.stdout());
        assertEquals("{\"name\": \"gpu\", \"addresses\": [\"0\"]}\n", run("0\n", 0).stdout());
    }

    @Test
    void noGpuGivesAnEmptyList() throws Exception {
        assertEquals("{\"name\": \"gpu\", \"addresses\": []}\n", run("", 0).stdout());
    }

    @Test
    void failuresGoToStderrWithANonZeroExit() throws Exception {
        Run failed = run("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n", 9);
        assertEquals(1, failed.exit());
        assertEquals("", failed.stdout());
        assertTrue(failed.stderr().contains("couldn't communicate with the NVIDIA driver"), failed.stderr());

        Run missing = runWith(Map.of("NVIDIA_SMI", dir.resolve("absent").toString()));
        assertEquals(1, missing.exit());
        assertTrue(missing.stderr().contains("not found"), missing.stderr());
    }
}
