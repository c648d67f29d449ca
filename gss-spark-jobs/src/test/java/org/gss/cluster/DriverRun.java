package org.gss.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A spark-submit driver JVM that is still running (see {@link StandaloneCluster#launch}). */
public final class DriverRun {
    private final String name;
    private final List<String> gssArgs;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final long startNanos = System.nanoTime();

    DriverRun(String name, List<String> gssArgs, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.gssArgs = List.copyOf(gssArgs);
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public String name() {
        return name;
    }

    public Process process() {
        return process;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What the driver has written so far. */
    public String stdoutSoFar() {
        return SubmitResult.read(stdout);
    }

    public String stderrSoFar() {
        return SubmitResult.read(stderr);
    }

    /**
     * The application id the Master gave this driver ("app-…"), once the driver has connected: executor logs live
     * under {@code <worker work dir>/<app id>/<executor id>/}.
     */
    public String awaitAppId(Duration timeout) throws InterruptedException {
        Pattern p = Pattern.compile("Connected to Spark cluster with app ID (app-\\S+)");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = p.matcher(stderrSoFar());
            if (m.find()) {
                return m.group(1);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("driver " + name + " exited before connecting to the Master:\n"
                        + result().describe());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("driver " + name + " did not connect to the Master within "
                + timeout.toSeconds() + " s:\n" + SubmitResult.tail(stderrSoFar(), 6000));
    }

    /**
     * The driver JVM's command line, once the process has become a {@code java} process whose arguments contain
     * {@code marker} (a wrapper script execs through bash into the JVM, keeping the process id): to check which JVM
     * options a script really gave the driver. Linux only ({@code /proc}).
     */
    public String awaitJvmCommandLine(String marker, Duration timeout) throws InterruptedException {
        Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline && process.isAlive()) {
            String[] argv;
            try {
                argv = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).split("\0");
            } catch (IOException e) {
                argv = new String[0];
            }
            last = String.join(" ", argv);
            if (argv.length > 0 && (argv[0].endsWith("/java") || argv[0].equals("java")) && last.contains(marker)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("driver " + name + " never became a JVM with '" + marker + "'; last: " + last);
    }

    /** Waits for the driver to exit; past the timeout it is killed and the wait fails with its logs. */
    public SubmitResult await(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            stop();
            SubmitResult r = result();
            throw new IllegalStateException("driver " + name + " still running after " + timeout.toSeconds()
                    + " s; killed.\n" + r.describe());
        }
        return result();
    }

    private SubmitResult result() {
        if (process.isAlive()) {
            return new SubmitResult(gssArgs, -1, Duration.ofNanos(System.nanoTime() - startNanos), stdout, stderr);
        }
        return new SubmitResult(gssArgs, process.exitValue(), Duration.ofNanos(System.nanoTime() - startNanos), stdout,
                stderr);
    }

    /** SIGKILL, as a crashed or lost driver machine: no shutdown hook runs, the application is not stopped. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("driver " + name + " survived SIGKILL for 30 s");
        }
    }

    /** SIGTERM (Spark's shutdown hooks stop the application), then SIGKILL if it lingers. */
    void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
