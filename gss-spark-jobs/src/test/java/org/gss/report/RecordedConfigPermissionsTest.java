package org.gss.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.gss.eval.MeanMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** metrics.json embeds the configuration: it is written owner-readable only. */
class RecordedConfigPermissionsTest {
    @TempDir
    Path dir;

    @Test
    void metricsJsonIsOwnerReadableOnly() throws Exception {
        Path out = dir.resolve("eval");
        ReportWriter.write(ReportFilesTest.report(MeanMode.NAN_EXCLUDED, ReportFilesTest.dataset("a", true)),
                out.toString(), new Configuration());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                out.resolve(ReportWriter.METRICS))));
    }
}
