package org.gss;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The package rules of gss-models, checked on this module's compiled classes (not its tests): the top-level packages
 * ({@code org.gss.tokenizer..}, {@code org.gss.maskige..}, {@code org.gss.model..}, {@code org.gss.io}, ...) form no
 * cycle; neither do the packages themselves, but for two parent-package factories named below; and nothing here
 * touches Spark (only gss-spark-jobs may).
 */
class ModelsArchitectureTest {
    /** Maven runs tests in the module folder; target/classes holds exactly this module's main classes. */
    private static final JavaClasses MAIN = new ClassFileImporter().importPath(Path.of("target", "classes"));

    @Test
    void topLevelPackagesFormNoCycle() {
        slices().matching("org.gss.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    /**
     * No cycle between any two packages: the backbone and head packages take their own specs (ModelConfig makes them),
     * and the tokenizer kinds are chosen in {@code tokenizer.config}, above the dVAE and VQ packages they open.
     */
    @Test
    void packagesFormNoCycle() {
        slices().matching("org.gss.(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void nothingDependsOnSpark() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..").check(MAIN);
    }

    @Test
    void theRulesSeeThisModule() {
        // an empty import would pass every rule vacuously
        assertTrue(MAIN.contain("org.gss.tokenizer.Tokenizer") && MAIN.contain("org.gss.io.NumpyArrays")
                && MAIN.contain("org.gss.model.ModelConfig") && !MAIN.contain("org.gss.data.image.LabelMap"));
    }

    private static com.tngtech.archunit.base.DescribedPredicate<JavaClass> name(String className) {
        return describe(className, c -> c.getName().equals(className));
    }
}
