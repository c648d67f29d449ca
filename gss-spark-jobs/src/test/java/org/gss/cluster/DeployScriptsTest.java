package org.gss.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The spark-submit wrappers of deploy/, run with GSS_DRY_RUN=1 (they print the command they would run, one argument
 * per line): the settings each one must pass, GPU and S3 options, argument pass-through, and refusal of credentials.
 * ClusterIndexIT runs submit-standalone.sh for real against a cluster.
 */
class DeployScriptsTest {
    static final Path DEPLOY = projectRoot().resolve("deploy");

    record Run(int exitCode, List<String> argv, String stderr) {
        /** The value of a {@code --conf key=value} pair, or null. */
        String conf(String key) {
            for (int i = 0; i + 1 < argv.size(); i++) {
                if (argv.get(i).equals("--conf") && argv.get(i + 1).startsWith(key + "=")) {
                    return argv.get(i + 1).substring(key.length() + 1);
                }
            }
            return null;
        }

        /** The arguments after the jar: what org.gss.cli.Main receives. */
        List<String> gssArgs(String jar) {
            return argv.subList(argv.indexOf(jar) + 1, argv.size());
        }
    }

    static Run dryRun(String script, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", DEPLOY.resolve(script).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("GSS_") || k.startsWith("SPARK_"));
        pb.environment().put("GSS_DRY_RUN", "1");
        pb.environment().put("GSS_JAR", "/jars/gss.jar");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), script + " hung");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.exitValue(), out.isEmpty() ? List.of() : List.of(out.split("\n")), err);
    }

    @Test
    void standaloneCarriesTheJobSettingsAndPassesGssArgumentsThroughUnchanged() throws Exception {
        Run r = dryRun("submit-standalone.sh", Map.of("GSS_MASTER", "spark://m:7077", "GSS_TOTAL_CORES", "8"),
                "--conf", "spark.eventLog.enabled=true", "index", "--config", "conf/demo.conf", "--set",
                "gss.dataset.root=\"/data with space\"", "--set", "gss.synth.domains=[a, b]");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals(List.of("spark-submit", "--master", "spark://m:7077", "--deploy-mode", "client"),
                r.argv().subList(0, 5));
        assertTrue(r.argv().contains("--total-executor-cores"), r.argv().toString());
        assertEquals("org.apache.spark.serializer.KryoSerializer", r.conf("spark.serializer"));
        assertEquals("org.gss.jobs.GssKryoRegistrator", r.conf("spark.kryo.registrator"));
        assertEquals("true", r.conf("spark.eventLog.enabled"));
        for (String side : List.of("spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions")) {
            String opts = r.conf(side);
            assertTrue(opts.contains("-Dorg.bytedeco.javacpp.platform.extension=-onednn"), opts);
            assertTrue(opts.contains("--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED"), opts);
        }
        assertEquals("com.amazonaws.auth.DefaultAWSCredentialsProviderChain",
                r.conf("spark.hadoop.fs.s3a.aws.credentials.provider"));
        assertEquals("1", r.conf("spark.executorEnv.OMP_NUM_THREADS"));
        assertEquals(null, r.conf("spark.executor.resource.gpu.amount"));
        assertEquals(List.of("index", "--config", "conf/demo.conf", "--set", "gss.dataset.root=\"/data with space\"",
                "--set", "gss.synth.domains=[a, b]"), r.gssArgs("/jars/gss.jar"));
        assertEquals("org.gss.cli.Main", r.argv().get(r.argv().indexOf("--class") + 1));
    }

    @Test
    void gpuExecutorsGetOneGpuPerExecutorAndTaskAndTheCudaNatives() throws Exception {
        Run r = dryRun("submit-standalone.sh", Map.of("GSS_MASTER", "spark://m:7077", "GSS_GPU", "1",
                "GSS_REMOTE_HOME", "/opt/gss"), "train", "--config", "conf/demo.conf");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("1", r.conf("spark.executor.resource.gpu.amount"));
        assertEquals("1", r.conf("spark.task.resource.gpu.amount"));
        assertEquals("/opt/gss/deploy/gpu-discovery.sh", r.conf("spark.executor.resource.gpu.discoveryScript"));
        // the CUDA build has no platform extension
        assertTrue(r.conf("spark.executor.extraJavaOptions").endsWith("-Dorg.bytedeco.javacpp.platform.extension="),
                r.conf("spark.executor.extraJavaOptions"));
    }

    @Test
    void kubernetesUsesTheJarAndConfigInsideTheImageAndRequestsNvidiaGpus() throws Exception {
        Run r = dryRun("submit-k8s.sh", Map.of("GSS_K8S_MASTER", "k8s://https://api:6443", "GSS_IMAGE", "reg/gss:cuda",
                "GSS_GPU", "1", "GSS_JAR", ""), "evaluate", "--config", "conf/ade20k-r101-ff.conf");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("reg/gss:cuda", r.conf("spark.kubernetes.container.image"));
        assertEquals("nvidia.com", r.conf("spark.executor.resource.gpu.vendor"));
        assertEquals("/opt/gss/deploy/gpu-discovery.sh", r.conf("spark.executor.resource.gpu.discoveryScript"));
        assertTrue(r.conf("spark.executor.extraJavaOptions").contains("-Dorg.bytedeco.javacpp.cachedir=/opt/gss/"),
                r.conf("spark.executor.extraJavaOptions"));
        assertEquals(List.of("evaluate", "--config", "/opt/gss/conf/ade20k-r101-ff.conf"),
                r.gssArgs("local:///opt/gss/gss-spark.jar"));
        assertEquals("cluster", r.argv().get(r.argv().indexOf("--deploy-mode") + 1));
    }

    @Test
    void yarnClusterModeShipsTheConfigFolderAndPointsConfigIntoIt() throws Exception {
        Path conf = projectRoot().resolve("conf/demo.conf");
        Run r = dryRun("submit-yarn.sh", Map.of(), "index", "--config", conf.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        String archive = r.argv().get(r.argv().indexOf("--archives") + 1);
        assertTrue(archive.endsWith("gss-conf.tgz#gss-conf"), archive);
        assertEquals(List.of("index", "--config", "gss-conf/demo.conf"), r.gssArgs("/jars/gss.jar"));
        assertEquals("6g", r.conf("spark.executor.memoryOverhead"));
        // the dry run removes its temporary archive
        assertFalse(Files.exists(Path.of(archive.substring(0, archive.indexOf('#')))), archive);
    }

    @Test
    void credentialsOnTheCommandLineAreRefused() throws Exception {
        Run conf = dryRun("submit-standalone.sh", Map.of("GSS_MASTER", "spark://m:7077"), "--conf",
                "spark.hadoop.fs.s3a.secret.key=abc", "index");
        assertEquals(2, conf.exitCode());
        assertTrue(conf.stderr().contains("credential"), conf.stderr());
        assertFalse(conf.stderr().contains("abc"), "the secret itself must not be echoed: " + conf.stderr());
        Run set = dryRun("submit-k8s.sh", Map.of("GSS_K8S_MASTER", "k8s://https://a", "GSS_IMAGE", "i"), "index",
                "--set", "gss.spark.hadoop.\"fs.s3a.access.key\"=AKIA");
        assertEquals(2, set.exitCode());
    }

    @Test
    void missingMasterOrCommandIsAUsageError() throws Exception {
        Run noMaster = dryRun("submit-standalone.sh", Map.of(), "index");
        assertEquals(2, noMaster.exitCode());
        assertTrue(noMaster.stderr().contains("GSS_MASTER"), noMaster.stderr());
        Run noCommand = dryRun("submit-standalone.sh", Map.of("GSS_MASTER", "spark://m:7077"));
        assertEquals(2, noCommand.exitCode());
        assertTrue(noCommand.stderr().contains("no gss command"), noCommand.stderr());
    }

    /** The project folder: the working directory (a module under Maven) or one of its parents, holding deploy/. */
    static Path projectRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("deploy"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no deploy/ folder above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
