package org.gss.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import org.gss.spark.JobStage;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.gss.config.GssConfig;
import org.gss.data.fs.JvmHadoopConf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sessions {@link SparkRuntime} builds: under a spark-submit-like launch (the system properties spark-submit sets
 * on the driver) Spark keeps its UI and the app name of {@code --name}; under bin/gss the UI is off unless asked for;
 * every job of a stage carries its description into the event log that the History Server reads.
 */
class SparkRuntimeTest {
    private final Map<String, String> saved = new HashMap<>();

    @BeforeEach
    void noSession() {
        stopSessions();
    }

    @AfterEach
    void restore() {
        stopSessions();
        saved.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    private static void stopSessions() {
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
        SparkSession.getDefaultSession().foreach(s -> {
            s.stop();
            return null;
        });
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }

    private void property(String key, String value) {
        saved.putIfAbsent(key, System.getProperty(key));
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private static GssConfig config(String... sets) {
        return GssConfig.load(Optional.empty(), List.of(sets));
    }

    @Test
    void underSparkSubmitTheUiAndTheGivenNameStay() {
        // what `spark-submit --master local[1] --name "cityscapes nightly" ...` leaves in the driver's properties
        property("spark.submit.deployMode", "client");
        property("spark.master", "local[1]");
        property("spark.app.name", "cityscapes nightly");
        property("spark.ui.enabled", null); // the test argLine turns it off; spark-submit does not
        property("spark.ui.port", "0");
        try (SparkRuntime.Handle h = SparkRuntime.open(config(), "train")) {
            SparkSession spark = h.spark();
            assertEquals("cityscapes nightly", spark.sparkContext().appName());
            assertEquals("local[1]", spark.sparkContext().master());
            assertFalse(spark.conf().contains("spark.ui.enabled"), "the UI is left as Spark configures it");
            assertTrue(spark.sparkContext().uiWebUrl().isDefined(), "Spark UI running");
            assertTrue(spark.conf().get("spark.plugins").contains(GssSparkPlugin.class.getName()));
            assertTrue(JvmHadoopConf.get() == spark.sparkContext().hadoopConfiguration(),
                    "the session's Hadoop configuration is this JVM's");
        }
    }

    @Test
    void underSparkSubmitWithoutNameTheConfiguredNameIsUsed() {
        property("spark.submit.deployMode", "client");
        property("spark.master", "local[1]");
        property("spark.app.name", SparkRuntime.MAIN_CLASS); // spark-submit's default: the main class
        try (SparkRuntime.Handle h = SparkRuntime.open(config("gss.spark.app-name=gss-ci"), "evaluate")) {
            assertEquals("gss-ci evaluate", h.spark().sparkContext().appName());
        }
    }

    @Test
    void embeddedRunsKeepTheUiOffUnlessSetAndHonourSetSparkKeys() {
        property("spark.ui.enabled", null);
        try (SparkRuntime.Handle h = SparkRuntime.open(config("gss.spark.master=\"local[1]\""), "index")) {
            assertEquals("false", h.spark().conf().get("spark.ui.enabled"));
            assertFalse(h.spark().sparkContext().uiWebUrl().isDefined());
            assertEquals("gss index", h.spark().sparkContext().appName());
        }
        stopSessions();
        try (SparkRuntime.Handle h = SparkRuntime.open(config("gss.spark.master=\"local[1]\"",
                "spark.ui.enabled=true", "spark.ui.port=0"), "index")) {
            assertEquals("true", h.spark().conf().get("spark.ui.enabled"));
            assertTrue(h.spark().sparkContext().uiWebUrl().isDefined());
        }
    }

    @Test
    void jobsOfAStageCarryItsDescriptionIntoTheEventLog(@TempDir Path dir) throws IOException {
        Path events = Files.createDirectories(dir.resolve("events"));
        GssConfig cfg = config("gss.spark.master=\"local[2]\"",
                "gss.spark.conf.\"spark.eventLog.enabled\"=true",
                "gss.spark.conf.\"spark.eventLog.dir\"=\"" + events.toUri() + "\"");
        try (SparkRuntime.Handle h = SparkRuntime.open(cfg, "token-cache")) {
            SparkSession spark = h.spark();
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            try (JobStage stage = JobStage.begin(spark, "token-cache build", "encode shard 3/12")) {
                assertEquals(4L, jsc.parallelize(List.of(1, 2, 3, 4), 2).count());
                try (JobStage inner = JobStage.begin(spark, "token-cache", "read the keys of 2 segments")) {
                    assertEquals(2L, jsc.parallelize(List.of(1, 2), 2).count());
                }
                assertEquals(3L, jsc.parallelize(List.of(1, 2, 3), 1).count()); // the outer stage again
            }
            try (JobProgress p = JobProgress.start(spark, "evaluate", "images", 5)) {
                assertEquals(5L, jsc.parallelize(List.of(1, 2, 3, 4, 5), 2).count());
            }
            assertNull(spark.sparkContext().getLocalProperty(JobStage.DESCRIPTION), "closed stages restore none");
            assertEquals(1L, jsc.parallelize(List.of(1), 1).count());
        }
        List<String[]> jobs = jobStarts(events);
        assertEquals(List.of("token-cache build: encode shard 3/12", "token-cache: read the keys of 2 segments",
                "token-cache build: encode shard 3/12", "evaluate: 5 images", "-"),
                jobs.stream().map(j -> j[0]).toList());
        assertTrue(jobs.get(0)[1].startsWith("gss-token-cache-build-"), jobs.get(0)[1]);
        assertEquals(jobs.get(0)[1], jobs.get(2)[1], "one group for the whole stage");
    }

    /** Description and group of every SparkListenerJobStart in the event log, in order ("-" when none). */
    static List<String[]> jobStarts(Path eventDir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(eventDir)) {
            List<Path> logs = files.filter(Files::isRegularFile).toList();
            assertEquals(1, logs.size(), logs.toString());
            for (String line : Files.readAllLines(logs.get(0))) {
                JsonNode e = json.readTree(line);
                if (e.path("Event").asText().equals("SparkListenerJobStart")) {
                    JsonNode props = e.path("Properties");
                    out.add(new String[] {props.path(JobStage.DESCRIPTION).asText("-"),
                            props.path(JobStage.GROUP).asText("-")});
                }
            }
        }
        return out;
    }
}
