package io.glint.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The API's layering: endpoints speak HTTP to one service; services hold the rules over interfaces. */
class ArchitectureTest {
    private static final JavaClasses API = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.glint.api");

    @Test
    void noEndpointHoldsAnAwsClientOrADynamoDbRepository() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("Endpoint")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("software.amazon..", "io.glint.featurestore..")
                .because("an endpoint reads the request, calls one service and writes the answer")
                .check(API);
    }

    @Test
    void servicesDependOnRepositoryAndClientInterfacesOnly() {
        noClasses()
                .that()
                .haveSimpleNameEndingWith("Service")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("software.amazon..", "io.glint.featurestore..")
                .because("a service's rules are unit-tested with in-memory fakes of its repositories")
                .check(API);
    }

    @Test
    void onlyTheCompositionRootsKnowTheDynamoDbAdapters() {
        noClasses()
                .that()
                .haveSimpleNameNotEndingWith("Feature")
                .and()
                .doNotHaveSimpleName("ApiApplication")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.glint.featurestore..")
                .because("each feature wires its adapters; everything else sees the domain's interfaces")
                .check(API);
    }
}
