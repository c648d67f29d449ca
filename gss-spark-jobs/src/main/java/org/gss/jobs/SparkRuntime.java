package org.gss.jobs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.gss.config.GssConfig;
import org.gss.config.Settings;

/**
 * Builds the SparkSession of a command. Under spark-submit, {@code spark.master} is already set and wins; under bin/gss
 * the configured master (embedded {@code local[*]} by default) is used. Nothing else in the jobs creates sessions.
 */
public final class SparkRuntime {
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

    public static SparkSession session(GssConfig cfg, String jobName) {
        Settings s = Settings.of(cfg, "gss.spark");
        SparkConf conf = new SparkConf(true);
        if (!conf.contains("spark.master")) {
            conf.setMaster(s.nonEmpty("master"));
        }
        conf.setAppName(s.nonEmpty("app-name") + " " + jobName);
        conf.setIfMissing("spark.ui.enabled", "false");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        conf.setIfMissing("spark.sql.shuffle.partitions", "8");
        conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        conf.setIfMissing("spark.kryo.registrator", GssKryoRegistrator.class.getName());
        conf.setIfMissing("spark.kryoserializer.buffer.max", "512m");
        // idle OpenMP threads of ND4J must not spin on cores other tasks use
        conf.setIfMissing("spark.executorEnv.OMP_WAIT_POLICY", "PASSIVE");
        flatten(s.raw().getConfig("conf")).forEach(conf::set);
        flatten(s.raw().getConfig("hadoop")).forEach((k, v) -> conf.set("spark.hadoop." + k, v));
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
