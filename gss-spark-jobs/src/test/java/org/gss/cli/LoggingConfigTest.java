package org.gss.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

/** conf/log4j2.properties (bin/gss and the deploy scripts) drops exactly the known-benign ND4J warnings. */
class LoggingConfigTest {
    static final Path CONF = Path.of(System.getProperty("gsstest.project.dir", "..")).resolve("conf/log4j2.properties");

    @Test
    void benignNd4jWarningsAreDroppedOthersKept() {
        LoggerContext ctx = new LoggerContext("gss-logging-test", null, CONF.toAbsolutePath().toUri());
        ctx.start();
        try {
            String mapping = "org.nd4j.imports.converters.ImportClassMapping";
            String fields = "org.nd4j.autodiff.functions.DifferentialFunction";
            assertTrue(dropped(ctx, mapping, "Duplicate TF op mapping found for op Pad: org.nd4j.X vs org.nd4j.Y"));
            assertTrue(dropped(ctx, fields, "No fields found for property name padValue for class org.nd4j.Pad"));
            assertTrue(dropped(ctx, fields, "No fields found for property name dtype for class org.nd4j.ArgMin"));
            assertFalse(dropped(ctx, fields, "Op validation failed: shapes differ"));
            assertFalse(dropped(ctx, mapping, "Could not load op class org.nd4j.Z"));
            assertTrue(dropped(ctx, "org.apache.spark.sql.SparkSession", "Using an existing Spark session; only runtime"
                    + " SQL configurations will take effect."));
            assertFalse(dropped(ctx, "org.gss.jobs.train.TrainJob", "train: 40/120 it, held-out token CE 3.21"));
        } finally {
            ctx.stop();
        }
    }

    private static boolean dropped(LoggerContext ctx, String logger, String message) {
        LoggerConfig lc = ctx.getConfiguration().getLoggerConfig(logger);
        LogEvent e = Log4jLogEvent.newBuilder().setLoggerName(logger).setLevel(Level.WARN)
                .setMessage(new SimpleMessage(message)).build();
        return !Level.WARN.isMoreSpecificThan(lc.getLevel()) || lc.isFiltered(e);
    }
}
