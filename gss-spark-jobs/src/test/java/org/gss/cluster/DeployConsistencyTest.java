package org.gss.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The deploy files agree with each other: every JVM (bin/gss, deploy/submit-*.sh, the Kubernetes CronJob, the cron
 * wrapper, the test JVMs and the test cluster) gets the flags of deploy/jvm-flags; every /opt/gss path the scripts and
 * manifests use exists in the layout the Dockerfiles build; the weights folder the converter writes is the one the
 * paper confs read. Scripts are rendered with GSS_DRY_RUN=1 (they print the command instead of running it).
 */
class DeployConsistencyTest {
    static final Path ROOT = DeployScriptsTest.projectRoot();
    static final String IMAGE_HOME = "/opt/gss";
    static final String SPARK_HOME = "/opt/spark";

    @TempDir
    static Path tmp;
    static List<String> flags;
    static ImageLayout image;

    @BeforeAll
    static void readFlagsAndBuildTheImageLayout() throws Exception {
        flags = JvmFlags.read(ROOT);
        assertTrue(flags.size() >= 10 && flags.stream().allMatch(f -> f.startsWith("--add-")), flags.toString());
        image = ImageLayout.of(ROOT.resolve("docker/Dockerfile.cpu"), tmp.resolve("image-cpu"));
    }

    @Test
    void testJvmsAndTheTestClusterUseTheFlagList() {
        List<String> mine = ManagementFactory.getRuntimeMXBean().getInputArguments();
        assertTrue(mine.containsAll(flags), "surefire/failsafe argLine (pom.xml) lacks flags of deploy/jvm-flags: "
                + mine);
        assertTrue(StandaloneCluster.GSS_JVM_FLAGS.containsAll(flags), StandaloneCluster.GSS_JVM_FLAGS.toString());
        assertTrue(StandaloneCluster.GSS_JVM_FLAGS.contains("-Dorg.bytedeco.javacpp.platform.extension=-onednn"));
    }

    @Test
    void binGssStartsJavaWithTheFlagList() throws Exception {
        // a copy of the project's launcher in a folder where it finds its build, and a java that prints its arguments
        Path home = tmp.resolve("gss-home");
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("gss-spark-jobs/target/classes"));
        Files.createDirectories(home.resolve("deploy"));
        Files.createDirectories(home.resolve("fake-bin"));
        Files.copy(ROOT.resolve("bin/gss"), home.resolve("bin/gss"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(JvmFlags.file(ROOT), home.resolve("deploy/jvm-flags"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(home.resolve("gss-spark-jobs/target/launcher.classpath"), "/jars/dep.jar");
        Path java = home.resolve("fake-bin/java");
        Files.writeString(java, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\"\n");
        assertTrue(java.toFile().setExecutable(true));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", home.resolve("fake-bin") + ":" + System.getenv("PATH"));
        Rendered r = run(List.of("bash", home.resolve("bin/gss").toString(), "index", "--config", "c.conf"), env,
                home);
        assertEquals(0, r.exitCode(), r.stderr());
        List<String> argv = expandArgumentFiles(r.lines());
        assertTrue(argv.containsAll(flags), "bin/gss: " + argv);
        assertTrue(argv.contains("-Dorg.bytedeco.javacpp.platform.extension=-onednn"), argv.toString());
        assertEquals(List.of("org.gss.cli.Main", "index", "--config", "c.conf"),
                argv.subList(argv.size() - 4, argv.size()));
    }

    @Test
    void everySubmitWrapperPassesTheFlagListToDriverAndExecutors() throws Exception {
        List<DeployScriptsTest.Run> runs = List.of(
                DeployScriptsTest.dryRun("submit-standalone.sh", Map.of("GSS_MASTER", "spark://m:7077"), "index"),
                DeployScriptsTest.dryRun("submit-yarn.sh", Map.of("GSS_DEPLOY_MODE", "client"), "index"),
                DeployScriptsTest.dryRun("submit-k8s.sh", Map.of("GSS_K8S_MASTER", "k8s://https://a:6443",
                        "GSS_IMAGE", "reg/gss:cpu", "GSS_JAR", ""), "index"),
                DeployScriptsTest.dryRun("submit-k8s.sh", Map.of("GSS_K8S_MASTER", "k8s://https://a:6443",
                        "GSS_IMAGE", "reg/gss:cuda", "GSS_JAR", "", "GSS_GPU", "1"), "index"));
        for (DeployScriptsTest.Run r : runs) {
            assertEquals(0, r.exitCode(), r.stderr());
            for (String side : List.of("spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions")) {
                List<String> opts = Arrays.asList(r.conf(side).split(" "));
                assertTrue(opts.containsAll(flags), side + " of " + r.argv());
            }
        }
    }

    @Test
    void bothImagesHaveTheSameLayout() throws Exception {
        ImageLayout cuda = ImageLayout.of(ROOT.resolve("docker/Dockerfile.cuda"), tmp.resolve("image-cuda"));
        assertEquals(image.copies(), cuda.copies());
        assertEquals(IMAGE_HOME, image.env().get("GSS_HOME"));
        assertEquals(image.env().get("GSS_HOME"), cuda.env().get("GSS_HOME"));
        assertEquals(image.env().get("GSS_JAVACPP_CACHEDIR"), cuda.env().get("GSS_JAVACPP_CACHEDIR"));
        assertEquals(SPARK_HOME, cuda.env().get("SPARK_HOME"), "the CUDA image's spark-submit (the CPU image's base"
                + " image, apache/spark, sets the same)");
        assertTrue(image.exists(IMAGE_HOME + "/deploy/jvm-flags"), "the images carry the flag list");
    }

    @Test
    void kubernetesWrapperUsesPathsThatExistInTheImage() throws Exception {
        DeployScriptsTest.Run r = DeployScriptsTest.dryRun("submit-k8s.sh", Map.of("GSS_K8S_MASTER",
                "k8s://https://a:6443", "GSS_IMAGE", "reg/gss:cuda", "GSS_GPU", "1", "GSS_JAR", ""),
                "evaluate", "--config", "conf/ade20k-r101-ff.conf");
        assertEquals(0, r.exitCode(), r.stderr());
        String jar = jarOf(r.argv());
        assertTrue(jar.startsWith("local://") && image.exists(jar.substring("local://".length())), jar);
        assertTrue(image.exists(r.conf("spark.executor.resource.gpu.discoveryScript")));
        List<String> gss = r.argv().subList(r.argv().indexOf(jar) + 1, r.argv().size());
        assertTrue(image.exists(gss.get(gss.indexOf("--config") + 1)), gss.toString());
        assertTrue(r.conf("spark.executor.extraJavaOptions")
                .contains("-Dorg.bytedeco.javacpp.cachedir=" + image.env().get("GSS_JAVACPP_CACHEDIR")));
    }

    @Test
    void tokenCacheCronJobSubmitsTheImagesJarWithTheFlagList() throws Exception {
        Map<String, Object> container = cronJobContainer();
        String img = (String) container.get("image");
        assertEquals(List.of("/bin/bash", "-c"), container.get("command"));
        String script = (String) ((List<?>) container.get("args")).get(0);
        Map<String, String> env = new LinkedHashMap<>();
        for (Object o : (List<?>) container.get("env")) {
            Map<?, ?> e = (Map<?, ?>) o;
            String name = (String) e.get("name");
            if (e.containsKey("value")) {
                env.put(name, String.valueOf(e.get("value")));
            } else {
                Map<?, ?> from = (Map<?, ?>) e.get("valueFrom");
                assertTrue(from.containsKey("fieldRef") || from.containsKey("secretKeyRef"), name + ": " + from);
                assertFalse(name.startsWith("AWS_") && !from.containsKey("secretKeyRef"), name);
                env.put(name, "from-" + name.toLowerCase());
            }
        }
        env.put("SPARK_HOME", SPARK_HOME);
        env.put("GSS_DRY_RUN", "1");
        // the script as the pod runs it, with the image's /opt/gss materialised from the Dockerfile
        String local = script.replace(IMAGE_HOME + "/", image.root() + IMAGE_HOME + "/");
        assertFalse(local.equals(script), "the CronJob runs nothing from the image: " + script);
        Rendered r = run(List.of("bash", "-c", local), env, tmp);
        assertEquals(0, r.exitCode(), r.stderr());

        List<List<String>> submits = splitCommands(r.lines(), SPARK_HOME + "/bin/spark-submit");
        assertEquals(2, submits.size(), r.lines().toString());
        List<String> expectedSub = List.of("build", "gc");
        for (int i = 0; i < 2; i++) {
            List<String> argv = submits.get(i);
            DeployScriptsTest.Run run = new DeployScriptsTest.Run(0, argv, "");
            String jar = jarOf(argv);
            assertTrue(jar.startsWith("local://") && image.exists(jar.substring("local://".length())),
                    "the CronJob's jar must exist in the image: " + jar);
            assertEquals(List.of("token-cache", expectedSub.get(i), "--config", "/etc/gss/experiment.conf"),
                    argv.subList(argv.indexOf(jar) + 1, argv.size()));
            assertEquals("client", argv.get(argv.indexOf("--deploy-mode") + 1));
            assertEquals(img, run.conf("spark.kubernetes.container.image"), "executors run the CronJob's image");
            for (String side : List.of("spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions")) {
                List<String> opts = Arrays.asList(run.conf(side).split(" "));
                assertTrue(opts.containsAll(flags), side + ": " + opts);
                assertTrue(opts.contains("-Dorg.bytedeco.javacpp.platform.extension=-onednn"), side + ": " + opts);
                assertTrue(opts.contains("-Dorg.bytedeco.javacpp.cachedir=" + image.env().get("GSS_JAVACPP_CACHEDIR")),
                        side + ": " + opts);
            }
            assertEquals("from-pod_ip", run.conf("spark.driver.host"));
            assertEquals("gss-s3:secret-key", run.conf("spark.kubernetes.executor.secretKeyRef.AWS_SECRET_ACCESS_KEY"));
            assertEquals("org.apache.spark.serializer.KryoSerializer", run.conf("spark.serializer"));
        }
        // the experiment file's mount
        assertTrue(String.valueOf(container.get("volumeMounts")).contains("mountPath=/etc/gss"),
                String.valueOf(container.get("volumeMounts")));
    }

    @Test
    void cronWrapperOnAClusterGoesThroughASubmitWrapper() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GSS_SUBMIT", ROOT.resolve("deploy/submit-standalone.sh").toString());
        env.put("GSS_SUBMIT_ARGS", "--conf spark.executor.instances=4");
        env.put("GSS_MASTER", "spark://m:7077");
        env.put("GSS_JAR", "/jars/gss.jar");
        env.put("GSS_DRY_RUN", "1");
        env.put("GSS_TOKEN_CACHE_GC", "1");
        env.put("TMPDIR", tmp.toString());
        Rendered r = run(List.of("bash", ROOT.resolve("deploy/cron/token-cache-rebuild.sh").toString(),
                ROOT.resolve("conf/demo.conf").toString()), env, tmp);
        assertEquals(0, r.exitCode(), r.stderr());
        List<List<String>> submits = splitCommands(r.lines(), "spark-submit");
        assertEquals(2, submits.size(), r.lines().toString());
        for (List<String> argv : submits) {
            DeployScriptsTest.Run run = new DeployScriptsTest.Run(0, argv, "");
            assertTrue(Arrays.asList(run.conf("spark.executor.extraJavaOptions").split(" ")).containsAll(flags));
            assertEquals("4", run.conf("spark.executor.instances"));
        }
        assertEquals("build", submits.get(0).get(submits.get(0).indexOf("/jars/gss.jar") + 2));
        assertEquals("gc", submits.get(1).get(submits.get(1).indexOf("/jars/gss.jar") + 2));
    }

    @Test
    void imagePathsInDeployFilesExistInTheImage() throws Exception {
        Pattern path = Pattern.compile(Pattern.quote(IMAGE_HOME) + "(/[A-Za-z0-9_.-]+)*");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Stream.concat(Files.walk(ROOT.resolve("deploy/k8s")), Files.list(ROOT.resolve("deploy")))) {
            s.filter(Files::isRegularFile).forEach(files::add);
        }
        for (Path f : files) {
            int n = 0;
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                n++;
                if (line.strip().startsWith("#")) {
                    continue;
                }
                Matcher m = path.matcher(line);
                while (m.find()) {
                    assertTrue(image.exists(m.group()), ROOT.relativize(f) + ":" + n + " names " + m.group()
                            + ", which docker/Dockerfile.cpu does not put in the image");
                }
            }
        }
    }

    @Test
    void convertedDvaeWeightsLandWhereThePaperConfsReadThem() throws Exception {
        String tool = Files.readString(ROOT.resolve("tools/dvae_pkl_to_npz.py"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"--out-dir\",\\s*default=\"([^\"]+)\"").matcher(tool);
        assertTrue(m.find(), "tools/dvae_pkl_to_npz.py: no --out-dir default");
        Path out = Path.of(m.group(1));
        for (String conf : List.of("cityscapes-r101-ff.conf", "ade20k-r101-ff.conf", "mseg-r101-ff.conf")) {
            // the file alone: substitutions of keys that reference.conf declares (gss.train.out) stay unresolved
            Config c = ConfigFactory.parseFile(ROOT.resolve("conf").resolve(conf).toFile())
                    .resolve(com.typesafe.config.ConfigResolveOptions.defaults().setAllowUnresolved(true));
            assertEquals(out.resolve("encoder.npz"), Path.of(c.getString("gss.tokenizer.encoder-npz")), conf);
            assertEquals(out.resolve("decoder.npz"), Path.of(c.getString("gss.tokenizer.decoder-npz")), conf);
        }
    }

    // ---- helpers

    /** What the Dockerfile's final stage puts under /opt/gss (COPY from the build context, ENV), materialised. */
    record ImageLayout(Path root, Map<String, String> copies, Map<String, String> env) {
        static ImageLayout of(Path dockerfile, Path root) throws IOException {
            List<String> lines = joinContinuations(Files.readAllLines(dockerfile, StandardCharsets.UTF_8));
            int lastFrom = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("FROM ")) {
                    lastFrom = i;
                }
            }
            Map<String, String> args = new LinkedHashMap<>();
            Map<String, String> copies = new LinkedHashMap<>();
            Map<String, String> env = new LinkedHashMap<>();
            Pattern arg = Pattern.compile("ARG (\\w+)=(\\S+)");
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                Matcher a = arg.matcher(line);
                if (a.matches()) {
                    args.put(a.group(1), a.group(2));
                }
                if (i > lastFrom && line.startsWith("COPY ") && !line.contains("--from=")) {
                    List<String> words = new ArrayList<>(Arrays.asList(line.substring(5).trim().split("\\s+")));
                    words.removeIf(w -> w.startsWith("--"));
                    String src = words.get(0);
                    for (Map.Entry<String, String> e : args.entrySet()) {
                        src = src.replace("${" + e.getKey() + "}", e.getValue());
                    }
                    copies.put(words.get(1), src);
                }
                if (i > lastFrom && line.startsWith("ENV ")) {
                    Matcher e = Pattern.compile("(\\w+)=(\\S+)").matcher(line.substring(4));
                    while (e.find()) {
                        env.put(e.group(1), e.group(2));
                    }
                }
            }
            for (Map.Entry<String, String> c : copies.entrySet()) {
                Path dest = root.resolve(c.getKey().substring(1));
                if (c.getValue().endsWith("/")) {
                    copyTree(ROOT.resolve(c.getValue()), dest);
                } else {
                    // the jar is a build output: its name in the build is the ARG default, its place is the COPY's
                    Files.createDirectories(dest.getParent());
                    Files.writeString(dest, c.getValue());
                }
            }
            if (env.containsKey("GSS_JAVACPP_CACHEDIR")) {
                Files.createDirectories(root.resolve(env.get("GSS_JAVACPP_CACHEDIR").substring(1)));
            }
            return new ImageLayout(root, copies, env);
        }

        boolean exists(String imagePath) {
            return imagePath.startsWith("/") && Files.exists(root.resolve(imagePath.substring(1)));
        }

        private static List<String> joinContinuations(List<String> raw) {
            List<String> out = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            for (String line : raw) {
                if (line.startsWith("#") && cur.length() == 0) {
                    continue;
                }
                if (line.endsWith("\\")) {
                    cur.append(line, 0, line.length() - 1).append(' ');
                } else {
                    out.add(cur.append(line).toString().strip());
                    cur.setLength(0);
                }
            }
            return out;
        }

        private static void copyTree(Path from, Path to) throws IOException {
            try (Stream<Path> s = Files.walk(from)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Path dest = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(dest);
                    } else {
                        Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
    }

    record Rendered(int exitCode, List<String> lines, String stderr) {
    }

    static Rendered run(List<String> cmd, Map<String, String> env, Path dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("GSS_") || k.startsWith("SPARK_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), cmd + " hung");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Rendered(p.exitValue(), out.isEmpty() ? List.of() : List.of(out.split("\n")), err);
    }

    /** Dry-run output of several commands (one argument a line) split where each starts. */
    static List<List<String>> splitCommands(List<String> lines, String first) {
        List<List<String>> out = new ArrayList<>();
        for (String l : lines) {
            if (l.equals(first)) {
                out.add(new ArrayList<>());
            }
            if (!out.isEmpty()) {
                out.get(out.size() - 1).add(l);
            }
        }
        return out;
    }

    /** The application jar: the argument after {@code --class <main>}. */
    static String jarOf(List<String> argv) {
        return argv.get(argv.indexOf("--class") + 2);
    }

    /** java's own expansion of {@code @file} arguments. */
    static List<String> expandArgumentFiles(List<String> argv) throws IOException {
        List<String> out = new ArrayList<>();
        for (String a : argv) {
            if (a.startsWith("@")) {
                out.addAll(JvmFlags.parse(Files.readString(Path.of(a.substring(1)), StandardCharsets.UTF_8)));
            } else {
                out.add(a);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cronJobContainer() throws IOException {
        Map<String, Object> doc = new Yaml().load(Files.readString(ROOT.resolve("deploy/k8s/token-cache-cronjob.yaml"),
                StandardCharsets.UTF_8));
        assertEquals("CronJob", doc.get("kind"));
        Map<String, Object> spec = (Map<String, Object>) doc.get("spec");
        Map<String, Object> job = (Map<String, Object>) ((Map<String, Object>) spec.get("jobTemplate")).get("spec");
        Map<String, Object> pod = (Map<String, Object>) ((Map<String, Object>) job.get("template")).get("spec");
        List<Map<String, Object>> containers = (List<Map<String, Object>>) pod.get("containers");
        assertEquals(1, containers.size());
        return containers.get(0);
    }
}
