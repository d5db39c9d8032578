package io.corral.runtime.simulated;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** A runtime module depends on the SPI alone. */
class SimulatedDependencyRulesTest {

    @Test
    void dependsOnlyOnTheSpiAndTheJdk() {
        JavaClasses simulated = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.corral.runtime.simulated");
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.corral.runtime.simulated..", "io.corral.runtime.spi..", "java..", "org.apiguardian.api..")
                .check(simulated);
    }
}
