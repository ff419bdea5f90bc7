package dev.scimserver.example;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The rule the app's PackageRulesTest keeps for its own backends (store.memory, store.jdbc), kept
 * here for a backend outside the app: it uses the seam and the rooms beneath it, never core, http
 * or another backend's classes, so it stays a backend whatever the layers above become.
 */
class MapBackendPackageRulesTest {
    private static final List<String> ALLOWED = List.of("dev.scimserver.example", "dev.scimserver.store", "dev.scimserver.store.dump",
            "dev.scimserver.config", "dev.scimserver.query", "dev.scimserver.filter", "dev.scimserver.schema",
            "dev.scimserver.json", "dev.scimserver.error");

    @Test
    void theBackendUsesOnlyTheSeamAndTheRoomsBeneathIt() {
        noClasses().that().resideInAPackage("dev.scimserver.example..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "are of the server outside " + ALLOWED, MapBackendPackageRulesTest::forbidden))
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.scimserver.example"));
    }

    private static boolean forbidden(JavaClass c) {
        String name = c.getPackageName();
        return name.startsWith("dev.scimserver") && !ALLOWED.contains(name) && !name.startsWith("dev.scimserver.example.");
    }
}
