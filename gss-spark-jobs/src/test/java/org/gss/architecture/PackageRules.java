package org.gss.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package rules of the jobs module, for a root package ({@code org.gss} in production, a fixture root in the test
 * that shows the rules catch violations). A stage is a subpackage of {@code <root>.jobs} (index, tokenizer, cache,
 * train, eval, reconstruct); {@code <root>.jobs} itself holds the infrastructure every stage may use.
 */
final class PackageRules {
    private PackageRules() {
    }

    /** Stages share code through the store and the model/data modules, never by importing each other. */
    static ArchRule noStageImportsAnotherStage(String root, DescribedPredicate<JavaClass> exempt) {
        return slices().matching(root + ".jobs.(*)..").namingSlices("stage $1").should().notDependOnEachOther()
                .ignoreDependency(exempt, DescribedPredicate.alwaysTrue())
                .because("a stage reads what another stage wrote through " + root + ".store, not its classes");
    }

    /** The store is the layer under the stages: it never reaches up into a stage, a command or the report. */
    static ArchRule storeImportsNoStage(String root) {
        return noClasses().that().resideInAPackage(root + ".store..").should().dependOnClassesThat()
                .resideInAnyPackage(root + ".jobs..", root + ".cli..", root + ".report..");
    }

    /** Only stages, commands and the report writer (atomic publishing) use the store. */
    static ArchRule storeUsedByStagesOnly(String root) {
        return classes().that().resideInAPackage(root + ".store..").should().onlyHaveDependentClassesThat()
                .resideInAnyPackage(root + ".store..", root + ".jobs.*..", root + ".cli..", root + ".report..");
    }
}
