package org.gss.jobs.train;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.gss.cli.Main;
import org.gss.config.GssConfig;

/**
 * conf/demo.conf shrunk for tests: the demo's synthetic MSeg-style data (128×64, 8 classes, 3 domains; 8 train and 3
 * val images per domain), indexed, and a small own VQ tokenizer (32 codes, 16 training steps of 4 crops of 32², a few
 * seconds) trained by {@code gss tokenizer train}. Every command runs in-process through {@link Main} on the test's
 * Spark session.
 */
public final class TrainFixture {
    /** The shipped demo experiment file (tests run in the module folder). */
    static final Path DEMO_CONF = Path.of(System.getProperty("gsstest.project.dir", "..")).resolve("conf/demo.conf");

    record Run(int code, String output) {
    }

    final Path dir;

    public TrainFixture(Path dir) {
        this.dir = dir;
    }

    /** The settings every command gets on top of conf/demo.conf. */
    List<String> sets(String... more) {
        List<String> s = new ArrayList<>(List.of(
                "gss.work-dir=\"" + dir + "\"",
                "gss.synth.train-images=8", "gss.synth.val-images=3",
                "gss.tokenizer.codebook-size=32", "gss.tokenizer.hidden=8", "gss.tokenizer.embedding-dim=8",
                "gss.tokenizer.train.iterations=16", "gss.tokenizer.train.batch=4", "gss.tokenizer.train.crop=32",
                "gss.tokenizer.train.log-every=8",
                // the demo trains from the token cache; these runs cover the online path (with the auxiliary-head
                // fill), the cached tests set targets=cached after this
                "gss.train.targets=online"));
        s.addAll(Arrays.asList(more));
        return s;
    }

    public GssConfig config(String... more) {
        return GssConfig.load(Optional.of(DEMO_CONF), sets(more));
    }

    /** gss synth, gss index and gss tokenizer train on the demo configuration. */
    TrainFixture prepare() {
        for (String[] cmd : List.of(new String[] {"synth"}, new String[] {"index"},
                new String[] {"tokenizer", "train"})) {
            Run r = gss(sets(), cmd);
            if (r.code() != Main.OK) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + r.output());
            }
        }
        return this;
    }

    /** {@code gss <args> --config conf/demo.conf --set ...} in this JVM. */
    Run gss(List<String> sets, String... args) {
        String[] all = Stream.of(Arrays.stream(args), Stream.of("--config", DEMO_CONF.toString()),
                sets.stream().flatMap(x -> Stream.of("--set", x))).flatMap(x -> x).toArray(String[]::new);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.run(all, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        return new Run(code, o.toString(StandardCharsets.UTF_8) + e.toString(StandardCharsets.UTF_8));
    }
}
