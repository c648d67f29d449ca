package org.gss;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.nio.file.Path;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The package rules of gss-models, checked on this module's compiled classes (not its tests): the top-level packages
 * ({@code org.gss.tokenizer..}, {@code org.gss.maskige..}, {@code org.gss.model..}, {@code org.gss.io}, ...) form no
 * cycle, and nothing here touches Spark (only gss-spark-jobs may).
 */
class ModelsArchitectureTest {
    /** Maven runs tests in the module folder; target/classes holds exactly this module's main classes. */
    private static final JavaClasses MAIN = new ClassFileImporter().importPath(Path.of("target", "classes"));

    @Test
    void topLevelPackagesFormNoCycle() {
        slices().matching("org.gss.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void nothingDependsOnSpark() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..").check(MAIN);
    }

    @Test
    void theRulesSeeThisModule() {
        // an empty import would pass both rules vacuously
        org.junit.jupiter.api.Assertions.assertTrue(MAIN.contain("org.gss.tokenizer.Tokenizer")
                && MAIN.contain("org.gss.io.NumpyArrays") && !MAIN.contain("org.gss.data.image.LabelMap"));
    }
}
