package org.gss.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster on 127.0.0.1 for integration tests: one Master and N Workers, each a separate JVM
 * started from the build's jars (no Spark distribution needed: {@code SPARK_HOME} is a temp folder with an empty
 * {@code jars/}, and the Spark jars reach Workers and their executors through {@code SPARK_DIST_CLASSPATH}). gss
 * commands are submitted with {@code org.apache.spark.deploy.SparkSubmit} in a separate driver JVM, in client mode,
 * with the shaded application jar, so executors run the code exactly as shipped to a real cluster.
 *
 * <pre>
 * try (StandaloneCluster cluster = StandaloneCluster.builder().workers(2).logDir(dir).start()) {
 *     SubmitResult r = cluster.submit(List.of("index", "--set", "gss.dataset.root=\"/data\""));
 * }
 * </pre>
 *
 * Logs: {@code master.log}, {@code worker-N.log}, {@code driver-N.out/.err} and, after close, the executors' logs
 * under {@code executors/} of the log folder. Everything else (SPARK_HOME, local and work folders, fetched jars) is
 * deleted on close.
 */
public final class StandaloneCluster implements AutoCloseable {
    public static final String MASTER_READY = "I have been elected leader";
    public static final String WORKER_READY = "Successfully registered with master";
    /** The JVM flags of bin/gss: Java 17 openings of deploy/jvm-flags, and the oneDNN build of ND4J's natives. */
    public static final List<String> GSS_JVM_FLAGS = gssJvmFlags();
    private static final String LOOPBACK = "127.0.0.1";

    private final Builder settings;
    private final BuildArtifacts build;
    private final SparkDistribution distribution;
    private final Path logDir;
    private final Path temp;
    private final Path sparkHome;
    private final int masterPort;
    private final String masterUrl;
    private final List<Daemon> workers = new ArrayList<>();
    private final List<DriverRun> drivers = new ArrayList<>();
    private final UsageSampler usage;
    private final Thread shutdownHook;
    private Daemon master;
    private Duration startTime = Duration.ZERO;
    private boolean closed;

    /** A Master or Worker JVM and its log. */
    private record Daemon(String name, Process process, Path log, Path workDir) {
        boolean alive() {
            return process.isAlive();
        }
    }

    /** What {@link #killWorker} killed: the Worker JVM and its executor JVMs. */
    public record KilledWorker(String name, long workerPid, List<Long> executorPids) {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Cluster settings; defaults match a CI machine with 2 cores. */
    public static final class Builder {
        private int workers = 2;
        private int workerCores = 1;
        private String workerMemory = "2g";
        private String daemonHeap = "512m";
        private String driverHeap = "2g";
        private String executorMemory = "1g";
        private List<String> testJvmOptions = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
        private Path logDir;
        private Duration readyTimeout = Duration.ofSeconds(120);
        private Duration submitTimeout = Duration.ofMinutes(5);
        private BuildArtifacts build;

        public Builder workers(int n) {
            this.workers = n;
            return this;
        }

        public Builder workerCores(int n) {
            this.workerCores = n;
            return this;
        }

        /** Memory a Worker offers to executors (Spark's --memory). */
        public Builder workerMemory(String m) {
            this.workerMemory = m;
            return this;
        }

        public Builder driverHeap(String m) {
            this.driverHeap = m;
            return this;
        }

        /** spark.executor.memory (heap; ND4J's off-heap memory comes on top). */
        public Builder executorMemory(String m) {
            this.executorMemory = m;
            return this;
        }

        /**
         * JVM options for every JVM of the cluster (daemons, drivers, executors) that only tests want. The default, C1
         * compilation only and the serial collector, halves the CPU time of short jobs (21 s to 11 s for a small
         * {@code gss index}); pass an empty list for JVMs exactly as in production, e.g. to time a long job.
         */
        public Builder testJvmOptions(List<String> options) {
            this.testJvmOptions = List.copyOf(options);
            return this;
        }

        /** Where logs go and stay after close (default: a folder that is deleted with the rest). */
        public Builder logDir(Path dir) {
            this.logDir = dir;
            return this;
        }

        public Builder readyTimeout(Duration d) {
            this.readyTimeout = d;
            return this;
        }

        public Builder submitTimeout(Duration d) {
            this.submitTimeout = d;
            return this;
        }

        public Builder build(BuildArtifacts b) {
            this.build = b;
            return this;
        }

        public StandaloneCluster start() throws IOException, InterruptedException {
            StandaloneCluster c = new StandaloneCluster(this);
            try {
                c.startAll();
                return c;
            } catch (IOException | InterruptedException | RuntimeException e) {
                c.close();
                throw e;
            }
        }
    }

    private StandaloneCluster(Builder b) throws IOException {
        this.settings = b;
        this.build = b.build != null ? b.build : BuildArtifacts.locate();
        this.distribution = SparkDistribution.of(build);
        this.temp = Files.createTempDirectory("gss-cluster-");
        this.logDir = b.logDir != null ? b.logDir.toAbsolutePath() : temp.resolve("logs");
        Files.createDirectories(logDir);
        this.sparkHome = temp.resolve("spark-home");
        Files.createDirectories(sparkHome.resolve("jars"));
        Files.createDirectories(sparkHome.resolve("conf"));
        installSparkScripts(sparkHome.resolve("bin"));
        this.masterPort = freePort();
        this.masterUrl = "spark://" + LOOPBACK + ":" + masterPort;
        this.shutdownHook = new Thread(this::killEverything, "gss-cluster-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        this.usage = new UsageSampler(this::processesByRole, 250);
    }

    private void startAll() throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        master = startDaemon("master", List.of("org.apache.spark.deploy.master.Master", "--host", LOOPBACK, "--port",
                Integer.toString(masterPort), "--webui-port", "0"), null);
        awaitLine(master, MASTER_READY);
        // Workers start in parallel with each other; each only needs the Master to be up.
        List<Daemon> started = new ArrayList<>();
        for (int i = 0; i < settings.workers; i++) {
            started.add(launchWorker());
        }
        for (Daemon w : started) {
            awaitLine(w, WORKER_READY);
        }
        startTime = Duration.ofNanos(System.nanoTime() - t0);
    }

    public String masterUrl() {
        return masterUrl;
    }

    /** From launching the Master to the last Worker registered. */
    public Duration startTime() {
        return startTime;
    }

    public Path logDir() {
        return logDir;
    }

    public synchronized int liveWorkers() {
        return (int) workers.stream().filter(Daemon::alive).count();
    }

    /** Starts one more Worker and waits until it has registered (e.g. to replace a killed one). */
    public synchronized void addWorker() throws IOException, InterruptedException {
        awaitLine(launchWorker(), WORKER_READY);
    }

    private synchronized Daemon launchWorker() throws IOException {
        int index = workers.size();
        Path work = temp.resolve("work-" + index);
        Files.createDirectories(work);
        Daemon w = startDaemon("worker-" + index, List.of("org.apache.spark.deploy.worker.Worker", "--host", LOOPBACK,
                "--port", "0", "--webui-port", "0", "--cores", Integer.toString(settings.workerCores), "--memory",
                settings.workerMemory, "--work-dir", work.toString(), masterUrl), work);
        workers.add(w);
        return w;
    }

    private Daemon startDaemon(String name, List<String> mainAndArgs, Path workDir) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.add("-Xmx" + settings.daemonHeap);
        cmd.addAll(settings.testJvmOptions);
        cmd.addAll(GSS_JVM_FLAGS);
        cmd.add("-cp");
        cmd.add(distribution.classpath());
        cmd.addAll(mainAndArgs);
        Path log = logDir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(workDir != null ? workDir.toFile() : temp.toFile());
        sparkEnvironment(pb.environment(), name);
        return new Daemon(name, pb.start(), log, workDir);
    }

    /** The environment a Spark distribution's scripts would give each JVM, all bound to loopback. */
    private void sparkEnvironment(Map<String, String> env, String processName) throws IOException {
        env.keySet().removeIf(k -> k.startsWith("SPARK_") || k.startsWith("HADOOP_") || k.equals("YARN_CONF_DIR"));
        Path local = temp.resolve("local-" + processName);
        Files.createDirectories(local);
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_CONF_DIR", sparkHome.resolve("conf").toString());
        env.put("SPARK_SCALA_VERSION", "2.12");
        env.put("SPARK_LOCAL_IP", LOOPBACK);
        env.put("SPARK_LOCAL_HOSTNAME", LOOPBACK);
        env.put("SPARK_LOCAL_DIRS", local.toString());
        // Workers build executor command lines from this (AbstractCommandBuilder reads it); SPARK_HOME/jars is empty.
        env.put("SPARK_DIST_CLASSPATH", distribution.classpath());
        env.put("JAVA_HOME", System.getProperty("java.home"));
    }

    private void awaitLine(Daemon d, String marker) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + settings.readyTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(d.log()) && Files.readString(d.log()).contains(marker)) {
                return;
            }
            if (!d.alive()) {
                throw new IllegalStateException(d.name() + " exited with " + d.process().exitValue()
                        + " before logging '" + marker + "':\n" + SubmitResult.tail(SubmitResult.read(d.log()), 6000));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(d.name() + " did not log '" + marker + "' within "
                + settings.readyTimeout.toSeconds() + " s:\n" + SubmitResult.tail(SubmitResult.read(d.log()), 6000));
    }

    /** Runs a gss command on the cluster and waits for it (see {@link #launch(List, Map)}). */
    public SubmitResult submit(List<String> gssArgs) throws IOException, InterruptedException {
        return submit(gssArgs, Map.of());
    }

    public SubmitResult submit(List<String> gssArgs, Map<String, String> sparkConf)
            throws IOException, InterruptedException {
        return launch(gssArgs, sparkConf).await(settings.submitTimeout);
    }

    public DriverRun launch(List<String> gssArgs) throws IOException {
        return launch(gssArgs, Map.of());
    }

    /**
     * Starts {@code spark-submit --master spark://… --deploy-mode client --class org.gss.cli.Main <jar> <gssArgs>} as
     * a driver JVM of its own. Client mode runs the gss command inside that JVM, so the JVM flags go on its command
     * line ({@code spark.driver.extraJavaOptions} could not reach it); executors get theirs through
     * {@code spark.executor.extraJavaOptions}. The first job waits for every live Worker's executor.
     *
     * @param sparkConf extra Spark properties; they override the defaults set here
     */
    public synchronized DriverRun launch(List<String> gssArgs, Map<String, String> sparkConf) throws IOException {
        if (closed) {
            throw new IllegalStateException("cluster is closed");
        }
        String name = "driver-" + (drivers.size() + 1);
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.driver.host", LOOPBACK);
        conf.put("spark.driver.bindAddress", LOOPBACK);
        conf.put("spark.executor.extraJavaOptions", String.join(" ", GSS_JVM_FLAGS));
        conf.put("spark.executor.defaultJavaOptions", String.join(" ", settings.testJvmOptions));
        conf.put("spark.executor.cores", Integer.toString(settings.workerCores));
        conf.put("spark.executor.memory", settings.executorMemory);
        // In standalone mode the expected resources are spark.cores.max: without it the ratio waits for nothing.
        conf.put("spark.cores.max", Integer.toString(liveWorkers() * settings.workerCores));
        conf.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
        conf.put("spark.scheduler.maxRegisteredResourcesWaitingTime", "120s");
        conf.put("spark.ui.enabled", "false");
        conf.putAll(sparkConf);

        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.add("-Xmx" + settings.driverHeap);
        cmd.addAll(settings.testJvmOptions);
        cmd.addAll(GSS_JVM_FLAGS);
        cmd.add("-cp");
        cmd.add(distribution.classpath());
        cmd.add("org.apache.spark.deploy.SparkSubmit");
        cmd.addAll(List.of("--master", masterUrl, "--deploy-mode", "client", "--name", "gss-it " + gssArgs.get(0)));
        conf.forEach((k, v) -> cmd.addAll(List.of("--conf", k + "=" + v)));
        cmd.addAll(List.of("--class", "org.gss.cli.Main", build.shadedJar().toString()));
        cmd.addAll(gssArgs);

        ProcessBuilder pb = new ProcessBuilder(cmd);
        sparkEnvironment(pb.environment(), name);
        return startDriver(name, gssArgs, pb);
    }

    private DriverRun startDriver(String name, List<String> gssArgs, ProcessBuilder pb) throws IOException {
        Path out = logDir.resolve(name + ".out");
        Path err = logDir.resolve(name + ".err");
        Files.writeString(logDir.resolve(name + ".cmd"), String.join(" \\\n  ", pb.command()) + "\n");
        // The same working directory as the test JVM, so relative paths mean the same in embedded and cluster runs.
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).directory(Path.of("").toAbsolutePath().toFile());
        DriverRun run = new DriverRun(name, gssArgs, pb.start(), out, err);
        drivers.add(run);
        return run;
    }

    /** bin/spark-submit and bin/spark-class stand-ins (test resources beside this class), for {@link #launchScript}. */
    private static void installSparkScripts(Path bin) throws IOException {
        Files.createDirectories(bin);
        for (String name : List.of("spark-class", "spark-submit")) {
            try (var in = StandaloneCluster.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("test resource org/gss/cluster/" + name + " missing");
                }
                Path target = bin.resolve(name);
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                if (!target.toFile().setExecutable(true)) {
                    throw new IOException("cannot make " + target + " executable");
                }
            }
        }
    }

    /**
     * Runs a spark-submit wrapper script of {@code deploy/} (e.g. {@code submit-standalone.sh}) against this cluster,
     * as a user would: the script finds {@code $SPARK_HOME/bin/spark-submit} (a stand-in that runs Spark's launcher
     * library, so the script's driver options take effect as with a real distribution) and this cluster's Master in
     * {@code GSS_MASTER}. Sizes are set to fit the Workers; loopback binding and waiting for all executors go in as
     * leading {@code --conf} pairs, which the scripts pass through.
     *
     * @param env extra environment for the script (e.g. {@code GSS_GPU}); it wins over the values set here
     */
    public synchronized DriverRun launchScript(Path script, List<String> gssArgs, Map<String, String> env)
            throws IOException {
        String name = "driver-" + (drivers.size() + 1);
        List<String> cmd = new ArrayList<>(List.of("bash", script.toAbsolutePath().toString()));
        // the test-only JVM options go in the *default*JavaOptions, which the scripts leave alone
        String testJvm = String.join(" ", settings.testJvmOptions);
        for (String c : List.of("spark.driver.host=" + LOOPBACK, "spark.driver.bindAddress=" + LOOPBACK,
                "spark.scheduler.minRegisteredResourcesRatio=1.0", "spark.ui.enabled=false",
                "spark.driver.defaultJavaOptions=" + testJvm, "spark.executor.defaultJavaOptions=" + testJvm)) {
            cmd.add("--conf");
            cmd.add(c);
        }
        cmd.addAll(gssArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> e = pb.environment();
        sparkEnvironment(e, name);
        e.put("GSS_MASTER", masterUrl);
        e.put("GSS_JAR", build.shadedJar().toString());
        e.put("GSS_TOTAL_CORES", Integer.toString(liveWorkers() * settings.workerCores));
        e.put("GSS_EXECUTOR_CORES", Integer.toString(settings.workerCores));
        e.put("GSS_EXECUTOR_MEMORY", settings.executorMemory);
        e.put("GSS_DRIVER_MEMORY", settings.driverHeap);
        e.putAll(env);
        return startDriver(name, gssArgs, pb);
    }

    /**
     * Kills a Worker as a machine failure would: SIGKILL to the Worker JVM and to its executor JVMs (its descendant
     * processes), with no chance to clean up or say goodbye.
     */
    public synchronized KilledWorker killWorker(int index) throws InterruptedException {
        Daemon w = workers.get(index);
        if (!w.alive()) {
            throw new IllegalStateException(w.name() + " is not running");
        }
        List<ProcessHandle> executors = w.process().descendants().toList();
        w.process().destroyForcibly();
        executors.forEach(ProcessHandle::destroyForcibly);
        w.process().waitFor(10, TimeUnit.SECONDS);
        for (ProcessHandle h : executors) {
            h.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> h).join();
        }
        return new KilledWorker(w.name(), w.process().pid(), executors.stream().map(ProcessHandle::pid).toList());
    }

    /** Positions (for {@link #killWorker}, {@link #executorLogText}) of the Workers that are running. */
    public synchronized List<Integer> liveWorkerIndexes() {
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            if (workers.get(i).alive()) {
                live.add(i);
            }
        }
        return live;
    }

    /** The log text (stderr, then stdout) of the executors one Worker ran for one application; "" if none yet. */
    public String executorLogText(int workerIndex, String appId) throws IOException {
        Path app = workers.get(workerIndex).workDir().resolve(appId);
        if (!Files.isDirectory(app)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.walk(app)) {
            for (Path p : files.filter(f -> f.getFileName().toString().matches("stderr|stdout")).sorted().toList()) {
                sb.append(SubmitResult.read(p));
            }
        }
        return sb.toString();
    }

    /** The newest application id any Worker has run executors for ("app-<time>-<n>" sorts by start), if any. */
    public synchronized Optional<String> latestAppId() throws IOException {
        String latest = null;
        for (Daemon w : workers) {
            try (Stream<Path> apps = Files.list(w.workDir())) {
                for (Path p : apps.filter(Files::isDirectory).toList()) {
                    String n = p.getFileName().toString();
                    if (n.startsWith("app-") && (latest == null || n.compareTo(latest) > 0)) {
                        latest = n;
                    }
                }
            }
        }
        return Optional.ofNullable(latest);
    }

    /** Waits until an executor of the application on that Worker has logged the marker (e.g. "Running task"). */
    public void awaitExecutorLog(int workerIndex, String appId, String marker, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (executorLogText(workerIndex, appId).contains(marker)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no executor of " + appId + " on worker-" + workerIndex + " logged '" + marker
                + "' within " + timeout.toSeconds() + " s");
    }

    /**
     * Whether an executor of the application on that Worker is running a task of the stage right now: its log has a
     * "Running task … in stage S.A (TID t)" line with no "Finished task … (TID t)" after it. To make a kill land in
     * the middle of a task.
     */
    public boolean runsTaskOfStage(int workerIndex, String appId, int stage) throws IOException {
        String log = executorLogText(workerIndex, appId);
        Pattern running = Pattern.compile("Running task \\S+ in stage " + stage + "\\.\\d+ \\(TID (\\d+)\\)");
        Matcher m = running.matcher(log);
        while (m.find()) {
            Pattern finished = Pattern.compile("Finished task \\S+ in stage " + stage + "\\.\\d+ \\(TID " + m.group(1)
                    + "\\)");
            if (!finished.matcher(log).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * For failure messages: the last {@code chars} characters of the Master's and every Worker's log and, when an
     * application id is given, of each executor log of that application.
     */
    public String logTails(Optional<String> appId, int chars) {
        StringBuilder sb = new StringBuilder();
        List<Daemon> daemons = new ArrayList<>();
        synchronized (this) {
            if (master != null) {
                daemons.add(master);
            }
            daemons.addAll(workers);
        }
        for (Daemon d : daemons) {
            sb.append("\n--- ").append(d.name()).append(d.alive() ? "" : " (dead)").append(" log (").append(d.log())
                    .append(") ---\n").append(SubmitResult.tail(SubmitResult.read(d.log()), chars));
            if (appId.isPresent() && d.workDir() != null) {
                Path app = d.workDir().resolve(appId.get());
                if (Files.isDirectory(app)) {
                    try (Stream<Path> files = Files.walk(app)) {
                        for (Path p : files.filter(f -> f.getFileName().toString().matches("stderr|stdout")).sorted()
                                .toList()) {
                            sb.append("\n--- executor log ").append(p).append(" ---\n")
                                    .append(SubmitResult.tail(SubmitResult.read(p), chars));
                        }
                    } catch (IOException | UncheckedIOException e) {
                        sb.append("\n(cannot list ").append(app).append(": ").append(e).append(")");
                    }
                }
            }
        }
        return sb.toString();
    }

    /** Memory (now and peak) and CPU time of every process seen so far: master, workers, executors, drivers. */
    public UsageReport usage() {
        return usage.report();
    }

    private synchronized Map<String, ProcessHandle> processesByRole() {
        Map<String, ProcessHandle> m = new LinkedHashMap<>();
        if (master != null && master.alive()) {
            m.put("master", master.process().toHandle());
        }
        for (Daemon w : workers) {
            if (w.alive()) {
                m.put(w.name(), w.process().toHandle());
                // executors are the Worker's java children (other children are short-lived helper commands)
                w.process().children().filter(StandaloneCluster::isJava)
                        .forEach(h -> m.put("executor@" + w.name() + " pid " + h.pid(), h));
            }
        }
        for (DriverRun d : drivers) {
            if (d.isAlive()) {
                m.put(d.name(), d.process().toHandle());
            }
        }
        return m;
    }

    /** Stops drivers, then the Master, then the Workers (a Worker stopped first could get a new executor). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (DriverRun d : drivers) {
                d.stop();
            }
            if (master != null) {
                stopGracefully(master.process().toHandle());
            }
            for (Daemon w : workers) {
                List<ProcessHandle> executors = w.process().descendants().toList();
                stopGracefully(w.process().toHandle());
                executors.forEach(this::stopGracefully);
            }
        } catch (RuntimeException e) {
            killEverything();
            throw e;
        } catch (InterruptedException e) {
            killEverything();
            Thread.currentThread().interrupt();
        } finally {
            usage.close();
            keepExecutorLogs();
            deleteRecursively(temp);
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run
            }
        }
    }

    private void stopGracefully(ProcessHandle h) {
        if (!h.isAlive()) {
            return;
        }
        h.destroy();
        try {
            h.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            h.destroyForcibly();
        }
    }

    /** Last resort (JVM exit without close, or a failing close): SIGKILL to every process the cluster started. */
    private void killEverything() {
        List<ProcessHandle> all = new ArrayList<>();
        drivers.forEach(d -> all.add(d.process().toHandle()));
        if (master != null) {
            all.add(master.process().toHandle());
        }
        for (Daemon w : workers) {
            all.add(w.process().toHandle());
            w.process().descendants().forEach(all::add);
        }
        all.forEach(ProcessHandle::destroyForcibly);
    }

    /** Copies executor stdout/stderr out of the Workers' work folders (which also hold fetched jars), to keep them. */
    private void keepExecutorLogs() {
        if (logDir.startsWith(temp)) {
            return;
        }
        for (Daemon w : workers) {
            try (Stream<Path> files = Files.walk(w.workDir())) {
                for (Path p : files.filter(f -> f.getFileName().toString().matches("stderr|stdout")).toList()) {
                    Path target = logDir.resolve("executors").resolve(w.name()).resolve(w.workDir().relativize(p));
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException | UncheckedIOException e) {
                // logs are a convenience; cleaning up matters more
            }
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + root, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return s.getLocalPort();
        }
    }

    private static boolean isJava(ProcessHandle h) {
        return h.info().command().map(c -> c.endsWith("/java")).orElse(false);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** deploy/jvm-flags (one flag per line, '#' comments) plus the CPU build's ND4J native extension. */
    static List<String> gssJvmFlags() {
        try {
            List<String> flags = new ArrayList<>(JvmFlags.read(DeployScriptsTest.projectRoot()));
            flags.add("-Dorg.bytedeco.javacpp.platform.extension=-onednn");
            return List.copyOf(flags);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
