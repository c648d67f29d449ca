package org.gss.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.gss.architecture.fixture.data.Reader;
import org.gss.architecture.fixture.jobs.index.Indexer;
import org.gss.architecture.fixture.jobs.train.Trainer;
import org.gss.architecture.fixture.store.Store;
import org.gss.cli.Main;
import org.junit.jupiter.api.Test;

/** The jobs module's package structure: stages apart, the store beneath them (issue 16). */
class PackageRulesTest {
    /** This module's main classes (their folder or jar: scanning the whole classpath for org.gss takes long). */
    private static final JavaClasses PRODUCTION = new ClassFileImporter().importPath(codeSource(Main.class));
    /** Classes that break every rule on purpose (test sources under {@code fixture}). */
    private static final String FIXTURE = "org.gss.architecture.fixture";

    /** No exemption: the benchmarks that wire stages together (TrainBenchmark) live in the gss-bench module. */
    private static final DescribedPredicate<JavaClass> BENCHMARKS = DescribedPredicate.alwaysFalse();

    @Test
    void noStageImportsAnotherStage() {
        PackageRules.noStageImportsAnotherStage("org.gss", BENCHMARKS).check(PRODUCTION);
    }

    @Test
    void storeImportsNoStageCommandOrReport() {
        PackageRules.storeImportsNoStage("org.gss").check(PRODUCTION);
    }

    @Test
    void storeIsUsedByStagesCommandsAndReportOnly() {
        PackageRules.storeUsedByStagesOnly("org.gss").check(PRODUCTION);
    }

    @Test
    void everyRuleCatchesItsViolation() {
        JavaClasses fixture = new ClassFileImporter().importClasses(Indexer.class, Trainer.class, Store.class,
                Reader.class);
        EvaluationResult stages = PackageRules.noStageImportsAnotherStage(FIXTURE, DescribedPredicate.alwaysFalse())
                .evaluate(fixture);
        assertTrue(stages.hasViolation());
        assertTrue(stages.getFailureReport().toString().contains("fixture.jobs.index.Indexer"),
                stages.getFailureReport().toString());
        EvaluationResult upward = PackageRules.storeImportsNoStage(FIXTURE).evaluate(fixture);
        assertTrue(upward.getFailureReport().toString().contains("fixture.store.Store"),
                upward.getFailureReport().toString());
        EvaluationResult users = PackageRules.storeUsedByStagesOnly(FIXTURE).evaluate(fixture);
        assertTrue(users.getFailureReport().toString().contains("fixture.data.Reader"),
                users.getFailureReport().toString());
        assertFalse(users.getFailureReport().toString().contains("fixture.jobs.index.Indexer"),
                "a stage may use the store");
    }

    private static Path codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
