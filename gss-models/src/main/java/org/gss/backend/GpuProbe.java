package org.gss.backend;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Lists the GPUs this process can see by running {@code nvidia-smi}, without touching ND4J (whose CUDA initialisation
 * itself can crash on an unsupported GPU). The command is configurable so tests can point it at a script.
 */
public final class GpuProbe {
    public static final String DEFAULT_COMMAND = "nvidia-smi";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** What the probe found. */
    public sealed interface Result permits Found, Missing, Failed {
    }

    /** nvidia-smi ran: every GPU it listed, the ones CUDA will use, and a note when CUDA_VISIBLE_DEVICES was not applied. */
    public record Found(List<GpuInfo> all, List<GpuInfo> visible, Optional<String> note) implements Result {
    }

    /** nvidia-smi is not there, so the GPUs could not be listed. */
    public record Missing(String message) implements Result {
    }

    /** nvidia-smi ran but failed (no driver loaded, driver too old for compute_cap, ...). */
    public record Failed(String message) implements Result {
    }

    private final String command;
    private final Map<String, String> env;

    /** nvidia-smi from the PATH, with this process's environment. */
    public GpuProbe() {
        this(DEFAULT_COMMAND, System.getenv());
    }

    /**
     * @param command nvidia-smi's path or a name looked up on the PATH
     * @param env the environment whose {@code CUDA_VISIBLE_DEVICES} / {@code CUDA_DEVICE_ORDER} decide which GPUs
     *     CUDA will use (the child process inherits the real environment)
     */
    public GpuProbe(String command, Map<String, String> env) {
        this.command = command;
        this.env = Map.copyOf(env);
    }

    public String command() {
        return command;
    }

    public Result probe() {
        List<String> cmd = new ArrayList<>();
        cmd.add(command);
        cmd.addAll(NvidiaSmiCsv.QUERY);
        Process process;
        try {
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Missing("nvidia-smi not found: could not run '" + command + "' (" + e.getMessage() + "), so the"
                    + " GPUs of this machine could not be listed. Install the NVIDIA driver utilities or put nvidia-smi"
                    + " on the PATH.");
        }
        String output;
        int exit;
        try {
            process.getOutputStream().close();
            output = readAll(process.getInputStream());
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Failed("'" + String.join(" ", cmd) + "' did not finish within " + TIMEOUT.toSeconds() + " s");
            }
            exit = process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Failed("interrupted while waiting for '" + command + "'");
        } catch (IOException e) {
            throw new UncheckedIOException("reading the output of " + command, e);
        }
        if (exit != 0) {
            String hint = output.contains("compute_cap")
                    ? " (this nvidia-smi cannot report compute_cap: that needs NVIDIA driver 510 or newer)" : "";
            return new Failed("'" + String.join(" ", cmd) + "' exited with code " + exit + hint + ": "
                    + firstLines(output, 5));
        }
        List<GpuInfo> all = NvidiaSmiCsv.parse(output);
        VisibleDevices.Selection sel = VisibleDevices.select(all, env);
        return new Found(all, sel.gpus(), sel.note());
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        in.transferTo(buf);
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static String firstLines(String text, int n) {
        String[] lines = text.strip().split("\\R");
        String head = String.join(" | ", java.util.Arrays.asList(lines).subList(0, Math.min(n, lines.length)));
        return head.isEmpty() ? "(no output)" : head;
    }
}
