package org.gss.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.gss.backend.BackendSettings;
import org.gss.config.GssConfig;
import org.gss.config.Settings;
import org.gss.data.fs.JvmHadoopConf;

/**
 * Builds the SparkSession of a command. Under spark-submit, {@code spark.master}, the UI settings and the app name given
 * with {@code --name} are already set and win; under bin/gss the configured master (embedded {@code local[*]} by
 * default) is used. Nothing else in the jobs creates sessions.
 */
public final class SparkRuntime {
    /** Set by spark-submit for every application it launches. */
    static final String SUBMIT_DEPLOY_MODE = "spark.submit.deployMode";
    /** The entry point; spark-submit without {@code --name} uses it as the app name. */
    static final String MAIN_CLASS = "org.gss.cli.Main";

    private SparkRuntime() {
    }

    /** Pass-through maps accept both {@code "a.b" = x} and nested {@code a.b = x}: both become key {@code a.b}. */
    static Map<String, String> flatten(Config c) {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
            out.put(String.join(".", ConfigUtil.splitPath(e.getKey())), String.valueOf(e.getValue().unwrapped()));
        }
        return out;
    }

    /** A session for one command; closing stops Spark only if this call started it (tests share theirs). */
    public record Handle(SparkSession spark, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned) {
                spark.stop();
            }
        }
    }

    public static Handle open(GssConfig cfg, String jobName) {
        // a stopped session stays registered as the thread's active one: it does not count as existing
        boolean existed = live(SparkSession.getDefaultSession()) || live(SparkSession.getActiveSession());
        return new Handle(session(cfg, jobName), !existed);
    }

    private static boolean live(scala.Option<SparkSession> session) {
        return session.isDefined() && !session.get().sparkContext().isStopped();
    }

    /**
     * The session for one command. Under spark-submit (recognised by the {@code spark.submit.deployMode} it sets) Spark
     * keeps what it was given: master, UI and the app name of {@code --name}. Under bin/gss the embedded master runs
     * with the UI off unless {@code spark.ui.enabled} is set (in {@code gss.spark.conf}, as {@code --set
     * spark.ui.enabled=true} or {@code -Dspark.ui.enabled=true}). Every session loads {@link GssSparkPlugin}, which
     * prepares each executor JVM (Hadoop configuration, GPU binding, GPU check), and installs its Hadoop configuration
     * as this JVM's ({@link JvmHadoopConf}), so weights and palettes given as Hadoop URIs are read with it.
     */
    public static SparkSession session(GssConfig cfg, String jobName) {
        Settings s = Settings.of(cfg, "gss.spark");
        SparkConf conf = new SparkConf(true);
        boolean submitted = conf.contains(SUBMIT_DEPLOY_MODE);
        if (!conf.contains("spark.master")) {
            conf.setMaster(s.nonEmpty("master"));
        }
        if (!namedBySubmit(conf)) {
            conf.setAppName(s.nonEmpty("app-name") + " " + jobName);
        }
        if (!submitted) {
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        }
        conf.setIfMissing("spark.sql.shuffle.partitions", "8");
        conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        conf.setIfMissing("spark.kryo.registrator", GssKryoRegistrator.class.getName());
        conf.setIfMissing("spark.kryoserializer.buffer.max", "512m");
        // idle OpenMP threads of ND4J must not spin on cores other tasks use
        conf.setIfMissing("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
        flatten(s.raw().getConfig("conf")).forEach(conf::set);
        flatten(s.raw().getConfig("hadoop")).forEach((k, v) -> conf.set("spark.hadoop." + k, v));
        if (cfg.root().hasPath("spark")) {
            // spark.* keys given with --set or in the config file itself
            flatten(cfg.root().getConfig("spark")).forEach((k, v) -> conf.set("spark." + k, v));
        }
        GssSparkPlugin.register(conf, BackendSettings.from(cfg));
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        JvmHadoopConf.set(spark.sparkContext().hadoopConfiguration());
        return spark;
    }

    /** The app name spark-submit got from {@code --name}; without it spark-submit names the app after the main class. */
    static boolean namedBySubmit(SparkConf conf) {
        return conf.contains(SUBMIT_DEPLOY_MODE) && conf.contains("spark.app.name")
                && !conf.get("spark.app.name").equals(MAIN_CLASS);
    }
}
