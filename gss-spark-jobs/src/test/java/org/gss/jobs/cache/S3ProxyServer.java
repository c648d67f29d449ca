package org.gss.jobs.cache;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3-compatible server for tests: S3Proxy over jclouds' in-memory ("transient") blob store on 127.0.0.1, in its
 * own JVM. Own JVM because S3Proxy's jclouds cannot run on the test classpath, where Spark and ND4J pin older versions
 * of two of its dependencies ({@link #SWAPS}); the child's classpath takes S3Proxy's versions from the local Maven
 * repository, beside the pinned ones.
 * {@link #main} prints {@code PORT <n>} once serving and stops when its stdin closes.
 */
final class S3ProxyServer implements AutoCloseable {
    static final String ACCESS = "test-access";
    static final String SECRET = "test-secret";
    /**
     * Jars of the test classpath that S3Proxy's jclouds cannot run with, and the versions S3Proxy 2.6.0 resolves on
     * its own (Spark and ND4J pin older ones: jakarta.annotation-api 1.3.5 lacks jakarta.annotation.Resource, gson
     * 2.8.0 lacks the constructor jclouds' GsonModule calls).
     */
    private static final String[][] SWAPS = {{"jakarta.annotation-api", "2.1.1"}, {"gson", "2.11.0"}};

    private final Process process;
    final int port;

    /** Points {@code conf}'s s3a client at this server: path-style, no TLS, its test credentials, two tries. */
    void configure(org.apache.hadoop.conf.Configuration conf) {
        conf.set("fs.s3a.endpoint", "http://127.0.0.1:" + port);
        conf.set("fs.s3a.endpoint.region", "us-east-1");
        conf.set("fs.s3a.path.style.access", "true");
        conf.set("fs.s3a.connection.ssl.enabled", "false");
        conf.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        conf.set("fs.s3a.access.key", ACCESS);
        conf.set("fs.s3a.secret.key", SECRET);
        conf.set("fs.s3a.attempts.maximum", "2");
        conf.set("fs.s3a.retry.limit", "2");
    }

    private S3ProxyServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static void main(String[] args) throws Exception {
        String bucket = args[0];
        // optional: a folder to keep the objects in (so a restarted server serves them again) and a fixed port
        String folder = args.length > 1 ? args[1] : "-";
        int port = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        ContextBuilder builder;
        if (folder.equals("-")) {
            builder = ContextBuilder.newBuilder("transient");
        } else {
            Properties p = new Properties();
            p.setProperty("jclouds.filesystem.basedir", folder);
            builder = ContextBuilder.newBuilder("filesystem").overrides(p);
        }
        BlobStoreContext ctx = builder.credentials("identity", "credential").build(BlobStoreContext.class);
        BlobStore store = ctx.getBlobStore();
        store.createContainerInLocation(null, bucket);
        S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET).build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10);
        }
        System.out.println("PORT " + proxy.getPort());
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until the parent closes our stdin (or dies)
        }
        proxy.stop();
        ctx.close();
        System.exit(0);
    }

    /**
     * Starts the server in a child JVM; empty if a jar of {@link #SWAPS} is not in the local Maven repository (then the
     * caller skips, naming the pom change that would let S3Proxy run in the test JVM).
     */
    static Optional<S3ProxyServer> start(String bucket, Path logFile) throws IOException, InterruptedException {
        return start(bucket, logFile, null, 0);
    }

    /**
     * As {@link #start(String, Path)}, with the objects kept as files under {@code folder} (jclouds' filesystem blob
     * store) and the server on {@code port} (0: any free one): a server started again on the same folder and port
     * serves the same objects at the same endpoint, as an S3 service back from an outage would.
     */
    static Optional<S3ProxyServer> start(String bucket, Path logFile, Path folder, int port)
            throws IOException, InterruptedException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = new ArrayList<>();
        int swapped = 0;
        for (String e : cp.split(File.pathSeparator)) {
            Path p = Path.of(e);
            String name = p.getFileName() == null ? "" : p.getFileName().toString();
            Optional<Path> replacement = Optional.empty();
            for (String[] swap : SWAPS) {
                if (name.equals(swap[0] + "-" + swap[1] + ".jar")) {
                    swapped++; // the test classpath already has S3Proxy's version (the pom may manage it)
                } else if (name.startsWith(swap[0] + "-")) {
                    Path other = p.getParent().getParent().resolve(swap[1]).resolve(swap[0] + "-" + swap[1] + ".jar");
                    if (!Files.isRegularFile(other)) {
                        return Optional.empty();
                    }
                    replacement = Optional.of(other);
                }
            }
            if (replacement.isPresent()) {
                swapped++;
            }
            entries.add(replacement.map(Path::toString).orElse(e));
        }
        if (swapped != SWAPS.length) {
            return Optional.empty();
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m"));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a.startsWith("--add-"))
                .forEach(cmd::add);
        cmd.addAll(List.of("-cp", String.join(File.pathSeparator, entries), S3ProxyServer.class.getName(), bucket,
                folder == null ? "-" : folder.toString(), Integer.toString(port)));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("PORT ")) {
                return Optional.of(new S3ProxyServer(p, Integer.parseInt(line.substring(5).strip())));
            }
        }
        p.waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException("S3Proxy did not start (exit " + p.exitValue() + "):\n"
                + Files.readString(logFile));
    }

    /** The server goes away at once, as in a crash or a network partition: SIGKILL, no orderly shutdown. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
