package org.gss.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.gss.backend.Nd4jBackends;

/**
 * {@code gss --version}: the project version (from the build), the git commit of the checkout bin/gss runs from
 * ({@code GSS_HOME}; a jar built outside a checkout says "unknown"), and the ND4J backend on the class path, without
 * loading ND4J's native libraries.
 */
final class VersionInfo {
    private VersionInfo() {
    }

    static String text() {
        Properties p = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream("/gss-build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // the lines below say "unknown"
        }
        String commit = commit(System.getenv("GSS_HOME")).orElse("unknown");
        return "gss " + p.getProperty("version", "unknown") + "\n"
                + "commit " + commit + "\n"
                + "backend " + backend() + "\n"
                + "DL4J/ND4J " + p.getProperty("dl4j", "unknown") + ", Spark " + p.getProperty("spark", "unknown")
                + ", Java " + System.getProperty("java.version") + "\n";
    }

    /** Which ND4J backends the class path holds and the native build javacpp will load. */
    static String backend() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        Nd4jBackends.OnClasspath b = Nd4jBackends.OnClasspath.of(cl != null ? cl : VersionInfo.class.getClassLoader());
        String ext = System.getProperty("org.bytedeco.javacpp.platform.extension", "");
        String build = ext.isBlank() ? "" : ", native build " + ext.substring(ext.startsWith("-") ? 1 : 0);
        if (b.cuda()) {
            return "nd4j-cuda-11.6 (CUDA" + build + ")" + (b.cpu() ? ", nd4j-native as CPU fallback" : "");
        }
        return b.cpu() ? "nd4j-native (CPU" + build + ")" : "none (no ND4J backend on the class path)";
    }

    /** The commit checked out in {@code home}, with "-dirty" when tracked files differ; empty outside a checkout. */
    static Optional<String> commit(String home) {
        if (home == null || home.isBlank() || !Files.exists(Path.of(home, ".git"))) {
            return Optional.empty();
        }
        return git(home, "rev-parse", "--short=12", "HEAD").map(c -> git(home, "status", "--porcelain",
                "--untracked-files=no").map(s -> s.isBlank() ? c : c + "-dirty").orElse(c));
    }

    private static Optional<String> git(String home, String... args) {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "git";
        cmd[1] = "-C";
        cmd[2] = home;
        System.arraycopy(args, 0, cmd, 3, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
