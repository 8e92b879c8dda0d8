package dev.loyalty.support.test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layering every service keeps: rules in a plain-Java {@code domain} that knows no framework,
 * broker, store or wire format; {@code domain} and {@code application} never reach into adapters.
 */
public final class LayerRules {

    private LayerRules() {
    }

    public static void check(String servicePackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(servicePackage);
        // the shared plain values (money, identifiers) are the one part of service-support a domain may use
        noClasses().that().resideInAPackage("..domain..")
                .should().dependOnClassesThat(resideInAnyPackage(
                        "org.springframework..", "org.apache.kafka..", "org.apache.avro..", "com.mongodb..",
                        "org.bson..", "dev.loyalty.schemas..", "dev.loyalty.support..", "jakarta..", "io.micrometer..",
                        "tools.jackson..", "com.fasterxml..").and(not(resideInAPackage("dev.loyalty.support.value.."))))
                .check(classes);
        noClasses().that().resideInAnyPackage("..domain..", "..application..")
                .should().dependOnClassesThat().resideInAPackage("..adapter..")
                .check(classes);
    }
}
