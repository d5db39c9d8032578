package io.corral.runtime.spi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.apiguardian.api.API;
import org.junit.jupiter.api.Test;

/** The SPI depends on nothing of ours and on no library but apiguardian and SLF4J. */
class SpiDependencyRulesTest {
    private final JavaClasses spi = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.corral.runtime.spi");

    @Test
    void dependsOnlyOnTheJdkApiguardianAndSlf4j() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.corral.runtime.spi..", "java..", "org.apiguardian.api..", "org.slf4j..")
                .check(spi);
    }

    @Test
    void everyPublicTypeCarriesItsStability() {
        classes().that().arePublic().and().areTopLevelClasses().should().beAnnotatedWith(API.class).check(spi);
    }
}
