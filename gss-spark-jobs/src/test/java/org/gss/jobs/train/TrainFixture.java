package org.gss.jobs.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gss.cli.Main;
import org.gss.config.GssConfig;
import org.gss.data.testing.TestConfig;
import org.gss.testing.GssCli;

/**
 * conf/demo.conf shrunk for tests: the demo's synthetic MSeg-style data (128×64, 8 classes, 3 domains; 8 train and 3
 * val images per domain), indexed, and a small own VQ tokenizer (32 codes, 16 training steps of 4 crops of 32², a few
 * seconds) trained by {@code gss tokenizer train}. Every command runs in-process through {@link Main} on the test's
 * Spark session.
 */
public final class TrainFixture {
    /** The shipped demo experiment file (tests run in the module folder). */
    static final Path DEMO_CONF = Path.of(System.getProperty("gsstest.project.dir", "..")).resolve("conf/demo.conf");

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
        return TestConfig.file(DEMO_CONF, sets(more)).load();
    }

    /** gss synth, gss index and gss tokenizer train on the demo configuration. */
    TrainFixture prepare() {
        for (String[] cmd : List.of(new String[] {"synth"}, new String[] {"index"},
                new String[] {"tokenizer", "train"})) {
            GssCli.ok(TestConfig.file(DEMO_CONF, sets()), cmd);
        }
        return this;
    }

    /** {@code gss <args> --config conf/demo.conf --set ...} in this JVM. */
    GssCli.Run gss(List<String> sets, String... args) {
        return GssCli.run(TestConfig.file(DEMO_CONF, sets), args);
    }
}
