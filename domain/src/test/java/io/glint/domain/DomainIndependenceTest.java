package io.glint.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The domain stands apart from any store: what depends on AWS lives in the modules above it. */
class DomainIndependenceTest {
    private static final JavaClasses DOMAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.glint.domain");

    @Test
    void noDomainClassUsesTheAwsSdk() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("software.amazon..")
                .because("the domain is the same whichever store implements its repositories")
                .check(DOMAIN);
    }

    @Test
    void noDomainClassUsesTheDynamoDbAdaptersOrAnyRole() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.glint.featurestore..", "io.glint.api..", "io.glint.streams..", "io.glint.model..")
                .check(DOMAIN);
    }
}
