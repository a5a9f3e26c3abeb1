package cn.renovation.decisions;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The package graph a newcomer can read top-down: features (evaluation, audit, publishing, idempotency, ruleset,
 * ops, ...) over the model (facts, catalog) and the HTTP base (web), with no cycle between packages.
 */
@AnalyzeClasses(packages = "cn.renovation.decisions", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles =
            slices().matching("cn.renovation.decisions.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule onlyTheApplicationUsesTheRootPackage = noClasses()
            .that()
            .resideOutsideOfPackage("cn.renovation.decisions")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("cn.renovation.decisions");

    @ArchTest
    static final ArchRule theHttpBaseDependsOnNoFeature = noClasses()
            .that()
            .resideInAPackage("cn.renovation.decisions.web..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "cn.renovation.decisions.evaluation..",
                    "cn.renovation.decisions.audit..",
                    "cn.renovation.decisions.publishing..",
                    "cn.renovation.decisions.idempotency..",
                    "cn.renovation.decisions.ruleset..",
                    "cn.renovation.decisions.ops..",
                    "cn.renovation.decisions.api..");

    @ArchTest
    static final ArchRule theModelDependsOnNoFeature = noClasses()
            .that()
            .resideInAnyPackage("cn.renovation.decisions.facts..", "cn.renovation.decisions.catalog..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "cn.renovation.decisions.evaluation..",
                    "cn.renovation.decisions.audit..",
                    "cn.renovation.decisions.publishing..",
                    "cn.renovation.decisions.idempotency..",
                    "cn.renovation.decisions.ruleset..",
                    "cn.renovation.decisions.ops..",
                    "cn.renovation.decisions.api..",
                    "cn.renovation.decisions.web..");
}
