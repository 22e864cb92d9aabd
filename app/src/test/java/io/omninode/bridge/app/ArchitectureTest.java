package io.omninode.bridge.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §2 as a build-time rule: each module's code depends only on the modules its row of the
 * layout table names (Maven already keeps out modules that are not on the classpath; this also
 * catches what arrives transitively), {@code topology/} never sees HTTP, {@code schemas/} never
 * sees Kafka Streams, and {@code internal} packages are used only inside their own module.
 */
class ArchitectureTest {

    private static final String ROOT = "io.omninode.bridge.";

    /** Module package → the module packages it may depend on (besides itself). */
    private static final Map<String, List<String>> MAY_USE = Map.of(
            "schemas", List.of(),
            "topology", List.of("schemas"),
            "http", List.of("schemas"),
            "queries", List.of("schemas", "topology", "http"),
            "ingest", List.of("schemas", "http"),
            "proxy", List.of("schemas", "http"),
            "consul", List.of("schemas"),
            "console", List.of("http"));

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.omninode.bridge");

    @Test
    void shouldHaveImportedEveryModule() {
        Set<String> modules = MAIN.stream().map(c -> c.getPackageName().substring(ROOT.length()).split("\\.")[0])
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(modules).containsAll(MAY_USE.keySet()).contains("app");
    }

    @Test
    void shouldDependOnlyOnTheModulesDesignMdAllows() {
        MAY_USE.forEach((module, allowed) -> {
            String[] forbidden = MAY_USE.keySet().stream()
                    .filter(other -> !other.equals(module) && !allowed.contains(other))
                    .map(other -> ROOT + other + "..")
                    .toArray(String[]::new);
            noClasses().that().resideInAPackage(ROOT + module + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(concat(forbidden, ROOT + "app..",
                            ROOT + "bench.."))
                    .because("DESIGN.md §2: " + module + " may depend on " + (allowed.isEmpty() ? "no other module"
                            : String.join(", ", allowed)))
                    .check(MAIN);
        });
    }

    @Test
    void shouldKeepHttpOutOfTheTopologyAndStreamsOutOfTheContracts() {
        noClasses().that().resideInAPackage(ROOT + "topology..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..")
                .because("DESIGN.md §2: topology/ never sees HTTP").check(MAIN);
        noClasses().that().resideInAPackage(ROOT + "schemas..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka.streams..", "io.javalin..")
                .because("DESIGN.md §2: schemas/ never sees Streams").check(MAIN);
    }

    @Test
    void shouldUseInternalPackagesOnlyInsideTheirModule() {
        MAY_USE.keySet().forEach(module -> noClasses().that().resideOutsideOfPackage(ROOT + module + "..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + module + ".internal..")
                .because("internal packages are the module's own").check(MAIN));
    }

    private static String[] concat(String[] first, String... more) {
        String[] out = new String[first.length + more.length];
        System.arraycopy(first, 0, out, 0, first.length);
        System.arraycopy(more, 0, out, first.length, more.length);
        return out;
    }
}
