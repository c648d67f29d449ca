package org.gss.cluster;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The jars a Spark 3.5 distribution would put on every JVM of the cluster (Master, Workers, executors and the
 * spark-submit driver): the launcher classpath without the application's own libraries. Those (gss modules, DL4J,
 * ND4J, DataVec, JavaCPP, the AWS SDK, hadoop-aws, Typesafe Config, TwelveMonkeys) reach executors only inside the
 * shipped jar, exactly as on a real cluster, so a class missing from that jar fails the tests here.
 */
public record SparkDistribution(List<Path> jars) {
    /** Maven repository path fragments of the libraries that only the application jar provides. */
    static final List<String> APPLICATION_LIBRARIES = List.of("/org/deeplearning4j/", "/org/nd4j/", "/org/datavec/",
            "/org/bytedeco/", "/com/amazonaws/", "/software/amazon/", "/org/apache/hadoop/hadoop-aws/",
            "/com/typesafe/config/", "/com/twelvemonkeys/", "/org/gss/");

    public static SparkDistribution of(BuildArtifacts build) {
        Path root = build.projectRoot().toAbsolutePath().normalize();
        return new SparkDistribution(build.launcherEntries().filter(jar -> isDistributionJar(jar, root)).toList());
    }

    static boolean isDistributionJar(Path jar, Path projectRoot) {
        Path abs = jar.toAbsolutePath().normalize();
        if (abs.startsWith(projectRoot)) {
            return false; // the project's own modules (jars or target/classes folders of the reactor)
        }
        String p = abs.toString().replace(File.separatorChar, '/');
        return APPLICATION_LIBRARIES.stream().noneMatch(p::contains);
    }

    public String classpath() {
        return jars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }
}
