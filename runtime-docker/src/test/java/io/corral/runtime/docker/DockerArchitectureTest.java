package io.corral.runtime.docker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The Docker runtime depends on the SPI and docker-java only, and shows only its entry points. */
class DockerArchitectureTest {
    private final JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.corral.runtime.docker");

    @Test
    void dependsOnTheSpiAndDockerJavaOnly() {
        classes().should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.corral.runtime.spi..",
                "io.corral.runtime.docker..", "com.github.dockerjava..", "org.slf4j..", "org.apiguardian..")
                .check(main);
    }

    @Test
    void onlyTheEntryPointsArePublic() {
        classes().that().arePublic().and().areTopLevelClasses()
                .should().haveSimpleNameStartingWith("Docker").andShould().haveSimpleNameNotEndingWith("Sync")
                .check(main);
        classes().that().haveSimpleName("PodSync").or().haveSimpleName("PodVolumes").or().haveSimpleName("DockerClients")
                .should().notBePublic().check(main);
    }
}
