package io.corral.samples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The layering of the modules (STYLE.md, "Shape of the house"): the API and the SPI depend on
 * nothing of ours; the runtimes and the conformance kit on the SPI alone; the implementation
 * never on a concrete runtime. Runs over the main classes of every module.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importAll() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.corral");
    }

    @Test
    @DisplayName("the API depends on nothing else of ours")
    void apiStandsAlone() {
        noClasses().that().resideInAPackage("io.corral.api..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.corral.api..", "java..", "javax..",
                        "org.apiguardian..", "com.fasterxml.jackson..", "org.yaml.snakeyaml..", "org.slf4j..")
                .check(classes);
    }

    @Test
    @DisplayName("the runtime SPI depends on nothing else of ours")
    void spiStandsAlone() {
        noClasses().that().resideInAPackage("io.corral.runtime.spi..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.corral.runtime.spi..", "java..",
                        "javax..", "org.apiguardian..", "org.slf4j..")
                .check(classes);
    }

    @Test
    @DisplayName("runtimes and the conformance kit depend on the SPI alone")
    void runtimesOnTheSpiAlone() {
        for (String runtime : new String[] {"docker", "rkt", "simulated", "tck"}) {
            String own = "io.corral.runtime." + runtime + "..";
            noClasses().that().resideInAPackage(own)
                    .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                            "are Corral classes outside " + own + " and the SPI",
                            c -> c.getPackageName().startsWith("io.corral")
                                    && !c.getPackageName().startsWith("io.corral.runtime.spi")
                                    && !c.getPackageName().startsWith(own.substring(0, own.length() - 2))))
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }

    @Test
    @DisplayName("the orchestrator never depends on a concrete runtime")
    void implUsesTheSpiOnly() {
        noClasses().that().resideOutsideOfPackages("io.corral.runtime..", "io.corral.samples..")
                .should().dependOnClassesThat().resideInAnyPackage("io.corral.runtime.docker..",
                        "io.corral.runtime.rkt..", "io.corral.runtime.tck..")
                .check(classes);
    }
}
