package org.gss.data.fs;

import org.apache.hadoop.conf.Configuration;

/**
 * The Hadoop configuration of this JVM, for code that is handed only a location from the settings (tokenizer weights,
 * FT inverse checkpoints, palette files, pretrained backbones) and runs on the driver as well as on executors. The
 * Spark layer installs it: the driver its session's {@code hadoopConfiguration()} (with whatever a program set on it),
 * each executor one built from the Spark conf ({@code spark.hadoop.*}) when it starts. Until then (a plain CLI command
 * or a unit test) it is a default {@link Configuration}, which reads local files and the standard Hadoop/AWS chain.
 */
public final class JvmHadoopConf {
    private static volatile Configuration conf;

    private JvmHadoopConf() {
    }

    public static Configuration get() {
        Configuration c = conf;
        if (c == null) {
            synchronized (JvmHadoopConf.class) {
                if (conf == null) {
                    conf = new Configuration();
                }
                c = conf;
            }
        }
        return c;
    }

    /** Installs {@code c} for this JVM (the driver, whose session configuration wins). */
    public static synchronized void set(Configuration c) {
        conf = c;
    }

    /** Installs {@code c} unless one was installed already (an executor inside the driver's JVM in local mode). */
    public static synchronized boolean setIfAbsent(Configuration c) {
        if (conf != null) {
            return false;
        }
        conf = c;
        return true;
    }
}
