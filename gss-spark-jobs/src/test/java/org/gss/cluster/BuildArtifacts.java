package org.gss.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the cluster integration tests take from the build: the spark-submit jar (Spark, Hadoop, Scala and logging
 * left out, as on a real cluster), the launcher classpath file (every compile and provided jar) and the project folder
 * (for conf/). Failsafe passes the first two as system properties; run from an IDE, they are looked up under
 * {@code target/} of the working directory.
 */
public record BuildArtifacts(Path shadedJar, Path launcherClasspath, Path projectRoot) {
    public static final String JAR_PROPERTY = "gsstest.spark.jar";
    public static final String CLASSPATH_PROPERTY = "gsstest.launcher.classpath";

    public static BuildArtifacts locate() {
        Path target = Path.of("target").toAbsolutePath();
        Path jar = property(JAR_PROPERTY).orElseGet(() -> findShadedJar(target));
        Path cp = property(CLASSPATH_PROPERTY).orElse(target.resolve("launcher.classpath"));
        require(jar, "the spark-submit jar (built at 'mvn package'; not with -Dgss.shade.skip=true)");
        require(cp, "the launcher classpath (written at 'mvn process-classes')");
        // <root>/gss-spark-jobs/target/<jar>
        Path root = jar.toAbsolutePath().getParent().getParent().getParent();
        return new BuildArtifacts(jar.toAbsolutePath(), cp.toAbsolutePath(), root);
    }

    private static Optional<Path> property(String key) {
        String v = System.getProperty(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(Path.of(v));
    }

    private static Path findShadedJar(Path target) {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-spark.jar")).findFirst()
                    .orElse(target.resolve("gss-spark-jobs-spark.jar"));
        } catch (IOException e) {
            return target.resolve("gss-spark-jobs-spark.jar");
        }
    }

    private static void require(Path p, String what) {
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("missing " + what + ": " + p + " (run 'mvn verify', which packages first)");
        }
    }

    /** The launcher classpath entries, in file order. */
    public Stream<Path> launcherEntries() {
        try {
            String text = Files.readString(launcherClasspath).strip();
            return Stream.of(text.split(java.io.File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
