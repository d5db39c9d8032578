package io.corral.node;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.apiguardian.api.API;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The node agent's core talks to the API only through its edge interfaces and to runtimes only
 * through the SPI: no store, API server, Hazelcast, Vert.x or concrete runtime.
 */
@DisplayName("Node agent dependency rules")
class NodeDependencyRulesTest {
    private final JavaClasses node = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.corral.node");

    @Test
    @DisplayName("depends only on the model, the SPI, Micrometer, SLF4J, Jackson and the JDK")
    void dependencies() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.corral.node..", "io.corral.api.model..", "io.corral.api.quantity..",
                        "io.corral.runtime.spi..", "io.micrometer.core..", "org.slf4j..", "com.fasterxml.jackson.databind..",
                        "java..", "javax.net.ssl..", "org.apiguardian.api..")
                .check(node);
    }

    @Test
    @DisplayName("every public type carries its stability")
    void stability() {
        classes().that().arePublic().and().areTopLevelClasses().should().beAnnotatedWith(API.class).check(node);
    }
}
