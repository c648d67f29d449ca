package org.gss.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.gss.testing.GssCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    @Test
    void helpListsEveryCommand() {
        GssCli.Run r = GssCli.run("help");
        assertEquals(Main.OK, r.code());
        for (Command c : Commands.all().list()) {
            assertTrue(r.out().contains("  " + c.name() + " "), "missing " + c.name() + " in\n" + r.out());
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (Command c : Commands.all().list()) {
            GssCli.Run r = GssCli.run(c.name(), "--help");
            assertEquals(Main.OK, r.code(), c.name());
            assertTrue(r.out().startsWith("gss " + c.name() + ": "), r.out());
            assertTrue(r.out().contains("usage: gss " + c.name()), c.name() + " help lacks a usage line:\n" + r.out());
        }
    }

    @Test
    void configPrintsOriginsOfValues() throws Exception {
        Path f = dir.resolve("exp.conf");
        Files.writeString(f, "gss.seed = 5\n");
        GssCli.Run r = GssCli.run("config", "--config", f.toString(), "--set", "gss.synth.classes=6");
        assertEquals(Main.OK, r.code(), r.err());
        assertTrue(r.out().contains("exp.conf: 1"), r.out());
        assertTrue(r.out().contains("--set gss.synth.classes"), r.out());
        assertTrue(r.out().contains("seed=5"), r.out());
        assertTrue(r.out().contains("# config hash: "), r.out());
    }

    @Test
    void misspelledKeyExitsTwoNamingKeyAndFile() throws Exception {
        Path f = dir.resolve("typo.conf");
        Files.writeString(f, "gss.synth.clases = 6\n");
        GssCli.Run r = GssCli.run("config", "--config", f.toString());
        assertEquals(Main.USAGE, r.code());
        assertTrue(r.err().contains("gss.synth.clases"), r.err());
        assertTrue(r.err().contains("typo.conf: 1"), r.err());
        assertTrue(r.err().contains("did you mean gss.synth.classes"), r.err());
    }

    @Test
    void unknownCommandAndOptionExitTwo() {
        assertEquals(Main.USAGE, GssCli.run("trian").code());
        GssCli.Run r = GssCli.run("config", "--bogus");
        assertEquals(Main.USAGE, r.code());
        assertTrue(r.err().contains("--bogus"), r.err());
        assertEquals(Main.USAGE, GssCli.run().code());
    }

    @Test
    void variantOfExperimentFileApplies() throws Exception {
        Path f = dir.resolve("exp.conf");
        Files.writeString(f, "gss.synth.width = 512\nvariants.local.gss.synth.width = 64\n");
        assertTrue(GssCli.run("config", "--config", f.toString()).out().contains("width=512"));
        assertTrue(GssCli.run("config", "--config", f.toString(), "--variant", "local").out().contains("width=64"));
        GssCli.Run r = GssCli.run("config", "--config", f.toString(), "--variant", "cluster");
        assertEquals(Main.USAGE, r.code());
        assertTrue(r.err().contains("variant 'cluster'"), r.err());
    }

    @Test
    void shippedExperimentFilesAndTheirLocalVariantsValidate() throws Exception {
        Path conf = Path.of(System.getProperty("gsstest.project.dir", "..")).resolve("conf");
        try (var files = Files.list(conf)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".conf")).toList()) {
                GssCli.Run r = GssCli.run("config", "--config", f.toString());
                assertEquals(Main.OK, r.code(), f + ": " + r.err());
                if (Files.readString(f).contains("variants")) {
                    GssCli.Run v = GssCli.run("config", "--config", f.toString(), "--variant", "local");
                    assertEquals(Main.OK, v.code(), f + " --variant local: " + v.err());
                }
            }
        }
    }

    /** A failure deep in a library keeps the message our code wrote around it (naming the file) and its root cause. */
    @Test
    void failureNamesWhatOurCodeWasDoingAndTheRootCause() {
        Exception root = new java.net.ConnectException("Connection refused");
        Exception ours = new java.io.UncheckedIOException("cannot write s3a://b/cache/segments/seg-1.parquet",
                new java.io.IOException("getFileStatus", root));
        Exception spark = new RuntimeException("Job aborted", ours);
        // as thrown: the root and the wrapper by libraries, the middle one by gss code
        StackTraceElement library = new StackTraceElement("java.net.Socket", "connect", "Socket.java", 1);
        root.setStackTrace(new StackTraceElement[] {library});
        ours.getCause().setStackTrace(new StackTraceElement[] {library});
        spark.setStackTrace(new StackTraceElement[] {library});
        assertEquals("cannot write s3a://b/cache/segments/seg-1.parquet (cause: ConnectException: Connection refused)",
                Main.describeFailure(spark, Main.rootCause(spark)));
        assertEquals("ConnectException: Connection refused", Main.describeFailure(root, root));
    }
}
