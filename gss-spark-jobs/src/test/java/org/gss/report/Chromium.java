package org.gss.report;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian package {@code chromium}) for report tests: dumps the DOM after load, takes screenshots,
 * and collects the page's console messages from Chromium's log. An absent browser fails the test with a message
 * naming the package to install: the report's browser checks are part of the test suite, not optional.
 */
final class Chromium {
    private final Path binary;
    private final Path work;

    /** What one page load gave: the serialized DOM, console lines, the full log. */
    record Page(String dom, List<String> console, String log) {
    }

    private Chromium(Path binary, Path work) {
        this.binary = binary;
        this.work = work;
    }

    static Chromium require(Path work) {
        Optional<Path> bin = find();
        if (bin.isEmpty()) {
            fail("no Chromium found on PATH (chromium, chromium-browser, google-chrome-stable, google-chrome): the HTML"
                    + " report test renders report.html in headless Chromium; install Debian/Ubuntu's package 'chromium'"
                    + " (apt-get install -y chromium; .ci/run does) or Google Chrome");
        }
        return new Chromium(bin.get(), work);
    }

    static Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : List.of("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")) {
            for (String d : path.split(File.pathSeparator)) {
                Path p = Path.of(d.isEmpty() ? "." : d, name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private List<String> base(String profile) throws IOException {
        Path userData = Files.createDirectories(work.resolve("chromium-profile-" + profile));
        return new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + userData, "--enable-logging=stderr", "--v=0"));
    }

    Page dumpDom(Path html) throws Exception {
        List<String> cmd = base("dom");
        cmd.add("--dump-dom");
        cmd.add(html.toUri().toString());
        String[] out = exec(cmd);
        List<String> console = new ArrayList<>();
        for (String line : out[1].split("\n")) {
            if (line.contains(":CONSOLE") || line.contains("Uncaught")) {
                console.add(line);
            }
        }
        return new Page(out[0], console, out[1]);
    }

    void screenshot(Path html, Path png, int width, int height) throws Exception {
        List<String> cmd = base("shot");
        cmd.add("--hide-scrollbars");
        cmd.add("--window-size=" + width + "," + height);
        cmd.add("--screenshot=" + png);
        cmd.add(html.toUri().toString());
        exec(cmd);
    }

    /** Runs Chromium; returns {stdout, stderr}. */
    private String[] exec(List<String> cmd) throws Exception {
        Path stdout = Files.createTempFile(work, "chromium", ".out");
        Path stderr = Files.createTempFile(work, "chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish within 90 s: " + cmd);
        }
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            fail("chromium exited with " + p.exitValue() + ": " + cmd + "\n" + err);
        }
        return new String[] {Files.readString(stdout, StandardCharsets.UTF_8), err};
    }
}
