package org.gss.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.gss.data.testing.SharedData;
import org.junit.jupiter.api.Test;

/** A clone is all a user and the tests need: test data inside the repository, no doc naming files outside it. */
class SelfContainedRepositoryTest {
    static final Path ROOT = DeployScriptsTest.projectRoot();
    /** Names of places that exist only on the machine the project was developed on. */
    static final List<String> OUTSIDE = List.of("../shared", "shared/notes", "shared/data", "DESIGN.md", "STACK.md",
            "/work/", "/root/");

    @Test
    void testDataLivesInTheRepository() {
        assertEquals(ROOT.resolve("testdata"), SharedData.root());
        assertTrue(Files.isRegularFile(ROOT.resolve("LICENSE")) && Files.isRegularFile(ROOT.resolve("NOTICE")));
    }

    @Test
    void docsConfsDeployFilesAndSourcesNameNothingOutsideTheRepository() throws IOException {
        List<String> found = new ArrayList<>();
        for (String top : List.of("README.md", "docs", "conf", "deploy", "docker", "tools", ".ci", "bin", "pom.xml",
                "gss-data", "gss-models", "gss-spark-jobs", "testdata")) {
            Path start = ROOT.resolve(top);
            if (!Files.exists(start)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(start)) {
                for (Path f : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                    String rel = ROOT.relativize(f).toString();
                    if (rel.contains("/target/") || !rel.matches(".*\\.(md|conf|java|sh|py|xml|yaml|properties|cron)$|"
                            + "bin/gss|\\.ci/run|deploy/jvm-flags|docker/Dockerfile\\..*")
                            || rel.endsWith("SelfContainedRepositoryTest.java")) {
                        continue;
                    }
                    String text;
                    try {
                        text = Files.readString(f, StandardCharsets.UTF_8);
                    } catch (MalformedInputException e) {
                        continue;
                    }
                    for (String bad : OUTSIDE) {
                        if (text.contains(bad)) {
                            found.add(rel + " names " + bad);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
