package org.gss.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gss.cli.Main;
import org.gss.data.testing.TestConfig;

/**
 * Runs {@code gss} commands in this JVM through {@link Main#run} (as bin/gss would, minus the JVM start; on the
 * test's Spark session when one is running) and captures what they print. The one in-process CLI runner of the tests.
 */
public final class GssCli {
    /** Exit code, standard output and standard error of one command. */
    public record Run(int code, String out, String err) {
        /** Output and errors together (for failure messages and checks that do not care which stream). */
        public String output() {
            return out + err;
        }

        public boolean ok() {
            return code == Main.OK;
        }
    }

    private GssCli() {
    }

    /** {@code gss args...}. */
    public static Run run(String... args) {
        return run(Arrays.asList(args));
    }

    /** {@code gss args...}. */
    public static Run run(List<String> args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(args.toArray(String[]::new), new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /** {@code gss command... [--config FILE] --set k=v ...} with the settings of {@code config}. */
    public static Run run(TestConfig config, String... command) {
        List<String> all = new ArrayList<>(Arrays.asList(command));
        all.addAll(config.args());
        return run(all);
    }

    /** {@code gss command... --set s ...}. */
    public static Run run(List<String> sets, String... command) {
        return run(TestConfig.of(sets), command);
    }

    /** As {@link #run(TestConfig, String...)}, failing with the command's output unless it exits 0. */
    public static Run ok(TestConfig config, String... command) {
        Run r = run(config, command);
        if (!r.ok()) {
            throw new IllegalStateException("gss " + String.join(" ", command) + " failed (exit " + r.code() + "):\n"
                    + r.output());
        }
        return r;
    }
}
