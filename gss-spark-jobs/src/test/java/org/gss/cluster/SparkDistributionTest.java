package org.gss.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which launcher-classpath entries the test cluster treats as the Spark distribution (the rest ship in the jar). */
class SparkDistributionTest {
    @TempDir
    Path dir;

    @Test
    void keepsSparkHadoopScalaAndLoggingAndLeavesTheApplicationsLibrariesToTheJar() throws Exception {
        Path repo = Path.of("/home/u/.m2/repository");
        Path project = dir.resolve("project");
        List<String> kept = List.of(
                repo.resolve("org/apache/spark/spark-core_2.12/3.5.9/spark-core_2.12-3.5.9.jar").toString(),
                repo.resolve("org/apache/hadoop/hadoop-client-api/3.3.4/hadoop-client-api-3.3.4.jar").toString(),
                repo.resolve("org/scala-lang/scala-library/2.12.18/scala-library-2.12.18.jar").toString(),
                repo.resolve("org/apache/logging/log4j/log4j-core/2.20.0/log4j-core-2.20.0.jar").toString(),
                repo.resolve("com/fasterxml/jackson/core/jackson-databind/2.15.2/jackson-databind-2.15.2.jar")
                        .toString());
        List<String> shipped = List.of(
                project.resolve("gss-data/target/gss-data-0.1.0-SNAPSHOT.jar").toString(),
                project.resolve("gss-models/target/classes").toString(),
                repo.resolve("org/nd4j/nd4j-api/1.0.0-M2.1/nd4j-api-1.0.0-M2.1.jar").toString(),
                repo.resolve("org/deeplearning4j/dl4j-spark_2.12/1.0.0-M2/dl4j-spark_2.12-1.0.0-M2.jar").toString(),
                repo.resolve("org/bytedeco/javacpp/1.5.7/javacpp-1.5.7.jar").toString(),
                repo.resolve("org/apache/hadoop/hadoop-aws/3.3.4/hadoop-aws-3.3.4.jar").toString(),
                repo.resolve("com/amazonaws/aws-java-sdk-s3/1.12.262/aws-java-sdk-s3-1.12.262.jar").toString(),
                repo.resolve("com/typesafe/config/1.4.10/config-1.4.10.jar").toString());
        Path cp = dir.resolve("launcher.classpath");
        Files.writeString(cp, String.join(File.pathSeparator, shipped.subList(0, 4)) + File.pathSeparator
                + String.join(File.pathSeparator, kept) + File.pathSeparator
                + String.join(File.pathSeparator, shipped.subList(4, shipped.size())) + "\n");
        BuildArtifacts build = new BuildArtifacts(project.resolve("gss-spark-jobs/target/x-spark.jar"), cp, project);

        SparkDistribution d = SparkDistribution.of(build);

        assertEquals(kept, d.jars().stream().map(Path::toString).toList());
        assertEquals(String.join(File.pathSeparator, kept), d.classpath());
    }
}
