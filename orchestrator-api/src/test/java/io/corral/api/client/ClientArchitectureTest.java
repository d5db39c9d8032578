package io.corral.api.client;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** HTTP stays inside the remote implementation, so an in-process client needs none of it. */
class ClientArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.corral.api.client");

    @Test
    @DisplayName("only io.corral.api.client.remote uses java.net.http")
    void httpOnlyInRemote() {
        noClasses().that().resideOutsideOfPackage("io.corral.api.client.remote..")
                .should().dependOnClassesThat().resideInAPackage("java.net.http..")
                .check(classes);
    }

    @Test
    @DisplayName("the HTTP rule sees the remote package's use of java.net.http (the rule can fail)")
    void httpRuleCanFail() {
        assertThatThrownBy(() -> noClasses().that().resideInAPackage("io.corral.api.client.remote..")
                .should().dependOnClassesThat().resideInAPackage("java.net.http..")
                .check(classes)).isInstanceOf(AssertionError.class).hasMessageContaining("java.net.http");
    }

    @Test
    @DisplayName("the client API, SPI and informer do not depend on the remote implementation")
    void nothingDependsOnRemote() {
        noClasses().that().resideOutsideOfPackage("io.corral.api.client.remote..")
                .and().doNotHaveSimpleName("CorralClient")
                .should().dependOnClassesThat().resideInAPackage("io.corral.api.client.remote..")
                .check(classes);
    }
}
