package org.gss.jobs.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gss.data.testing.TestConfig;
import org.gss.testing.GssCli;

/** Runs gss commands in-process (on the test's Spark session) and reads their JSON outputs. */
final class EvalCli {
    private EvalCli() {
    }

    static GssCli.Run gss(String command, List<String> sets) {
        return GssCli.run(sets, command);
    }

    /** A list of overrides the test may add to. */
    static List<String> sets(String... kv) {
        return new ArrayList<>(List.of(kv));
    }

    static String q(String key, Object value) {
        return TestConfig.q(key, value);
    }

    static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(Files.readAllBytes(file));
    }
}
