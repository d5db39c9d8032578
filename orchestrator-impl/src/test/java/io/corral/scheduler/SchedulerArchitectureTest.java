package io.corral.scheduler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The scheduler is pure logic over model objects: its edges are interfaces, not the store or the network. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchedulerArchitectureTest {
    // imported once for both rules, from this module's classes only: scanning every jar on the
    // class path for the package takes seconds
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(classesOf(Scheduler.class).resolve("io/corral/scheduler"));

    private static Path classesOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theWholeSchedulerIsImported() {
        org.assertj.core.api.Assertions.assertThat(classes.contain(Scheduler.class)).isTrue();
        org.assertj.core.api.Assertions.assertThat(classes.contain(io.corral.scheduler.plugins.InterPodAffinity.class)).isTrue();
    }

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
