package io.corral.scheduler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The scheduler is pure logic over model objects: its edges are interfaces, not the store or the network. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchedulerArchitectureTest {
    // imported once for both rules
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.corral.scheduler");

    @Test
    void theSchedulerDoesNotReachForTheStoreTheServerOrTheNetwork() {
        noClasses().that().resideInAPackage("io.corral.scheduler..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.corral.store..", "io.corral.apiserver..", "io.corral.controller..", "io.corral.node..",
                        "com.hazelcast..", "io.vertx..")
                .check(classes);
    }

    @Test
    void theFrameworkDoesNotDependOnItsBuiltInPlugins() {
        noClasses().that().resideInAPackage("io.corral.scheduler")
                .should().dependOnClassesThat().resideInAPackage("io.corral.scheduler.plugins..")
                .check(classes);
    }
}
