package cn.renovation.decisions;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The package graph a newcomer can read top-down: features (evaluation, audit, publishing, idempotency, ruleset,
 * ops, ...) over the model (facts, catalog) and the HTTP base (web), with no cycle between packages.
 */
@AnalyzeClasses(packages = "cn.renovation.decisions", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    private static final String[] FEATURES = {
        "cn.renovation.decisions.evaluation..",
        "cn.renovation.decisions.audit..",
        "cn.renovation.decisions.publishing..",
        "cn.renovation.decisions.idempotency..",
        "cn.renovation.decisions.ruleset..",
        "cn.renovation.decisions.ops..",
        "cn.renovation.decisions.api..",
        "cn.renovation.decisions.dossier..",
        "cn.renovation.decisions.workbench.."
    };
    private static final String[] FEATURES_AND_THE_HTTP_BASE = Stream.concat(
                    Arrays.stream(FEATURES), Stream.of("cn.renovation.decisions.web.."))
            .toArray(String[]::new);

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
            .resideInAnyPackage(FEATURES);

    @ArchTest
    static final ArchRule theModelDependsOnNoFeature = noClasses()
            .that()
            .resideInAnyPackage("cn.renovation.decisions.facts..", "cn.renovation.decisions.catalog..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(FEATURES_AND_THE_HTTP_BASE);

    /**
     * A type is public because another package uses it, or because a public member of its package's public types
     * names it (a return, parameter or field type, type arguments included); the rest are package-private, so a
     * package's public types are what it offers. Public by nature: the rules' vocabulary ({@code facts}, named by the DRL and the tables),
     * the application class, and the problem type URIs (compile-time constants, which leave no trace in the
     * bytecode for this rule to see).
     */
    @ArchTest
    static final ArchRule publicTypesAreUsedOutsideTheirPackage = classes()
            .that()
            .arePublic()
            .and()
            .areTopLevelClasses()
            .and()
            .resideOutsideOfPackage("cn.renovation.decisions.facts..")
            .and()
            .doNotHaveFullyQualifiedName("cn.renovation.decisions.RenovationApplication")
            .and()
            .doNotHaveFullyQualifiedName("cn.renovation.decisions.web.ProblemTypes")
            .should(new ArchCondition<JavaClass>("be used from another package") {
                @Override
                public void check(JavaClass type, ConditionEvents events) {
                    boolean used = type.getPackage().getClasses().stream()
                            .filter(c -> c.equals(type) || c.getName().startsWith(type.getName() + "$"))
                            .flatMap(c -> c.getDirectDependenciesToSelf().stream())
                            .map(Dependency::getOriginClass)
                            .anyMatch(origin -> !origin.getPackageName().equals(type.getPackageName()));
                    if (!used && !namedByPublicMember(type)) {
                        events.add(SimpleConditionEvent.violated(
                                type, type.getName() + " is public but only its own package uses it"));
                    }
                }
            });

    private static boolean namedByPublicMember(JavaClass type) {
        return type.getPackage().getClasses().stream()
                .filter(c -> !c.equals(type) && c.getModifiers().contains(JavaModifier.PUBLIC))
                .flatMap(c -> Stream.concat(
                        c.getCodeUnits().stream()
                                .filter(m -> m.getModifiers().contains(JavaModifier.PUBLIC))
                                .flatMap(m ->
                                        Stream.concat(Stream.of(m.getReturnType()), m.getParameterTypes().stream())),
                        c.getFields().stream()
                                .filter(f -> f.getModifiers().contains(JavaModifier.PUBLIC))
                                .map(JavaField::getType)))
                .flatMap(t -> t.getAllInvolvedRawTypes().stream())
                .anyMatch(t -> t.equals(type) || t.getName().startsWith(type.getName() + "$"));
    }
}
