package dev.scimserver.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The map of docs/ARCHITECTURE.md, checked over the compiled classes: no package import cycle, and
 * each room imports only the rooms beneath it. A change that breaks a rule fails the build here,
 * naming the classes, instead of growing a cycle nobody drew.
 */
class PackageRulesTest {
    private static final String ROOT = "dev.scimserver";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void everyRoomIsThere() {
        assertThat(classes.stream().map(c -> c.getPackageName()).distinct())
                .contains(ROOT, ROOT + ".json", ROOT + ".error", ROOT + ".schema", ROOT + ".query", ROOT + ".store",
                        ROOT + ".store.dump", ROOT + ".store.memory", ROOT + ".store.jdbc", ROOT + ".patch", ROOT + ".core",
                        ROOT + ".http", ROOT + ".config", ROOT + ".filter");
    }

    @Test
    void noPackageCycle() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theJsonFloorKnowsNothingOfScim() {
        onlyImports("json").check(classes);
    }

    @Test
    void errorsImportNothingOfTheServer() {
        onlyImports("error").check(classes);
    }

    @Test
    void schemaRestsOnJsonAndErrors() {
        onlyImports("schema", "json", "error").check(classes);
    }

    @Test
    void queryKnowsNoStorage() {
        onlyImports("query", "filter", "schema", "json", "error").check(classes);
    }

    @Test
    void storesKnowNeitherCoreNorHttp() {
        onlyImports("store", "store.dump", "store.memory", "store.jdbc", "config", "query", "filter", "schema", "json", "error")
                .check(classes);
    }

    @Test
    void patchKnowsNoStorage() {
        onlyImports("patch", "query", "filter", "schema", "json", "error").check(classes);
    }

    @Test
    void coreKnowsNoHttpAndNoBackend() {
        onlyImports("core", "patch", "store", "store.dump", "query", "filter", "schema", "json", "error").check(classes);
    }

    @Test
    void httpKnowsNoBackend() {
        noClasses().that().resideInAPackage(ROOT + ".http..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".store.memory..", ROOT + ".store.jdbc..")
                .check(classes);
    }

    @Test
    void configStandsAlone() {
        onlyImports("config").check(classes);
    }

    /**
     * The classes of the first room (and its sub-rooms) may use classes of the server only in the
     * rooms named; the JDK and libraries are not restricted.
     */
    private static ArchRule onlyImports(String room, String... allowed) {
        String[] packages = new String[allowed.length + 1];
        packages[0] = ROOT + "." + room + "..";
        for (int i = 0; i < allowed.length; i++) {
            packages[i + 1] = ROOT + "." + allowed[i] + "..";
        }
        return noClasses().that().resideInAPackage(ROOT + "." + room + "..")
                .should().dependOnClassesThat(DescribedPredicate.describe("are of the server outside " + String.join(", ", packages),
                        c -> c.getPackageName().startsWith(ROOT) && !inAny(c.getPackageName(), packages)));
    }

    private static boolean inAny(String packageName, String[] patterns) {
        for (String pattern : patterns) {
            String prefix = pattern.substring(0, pattern.length() - 2);
            if (packageName.equals(prefix) || packageName.startsWith(prefix + ".")) {
                return true;
            }
        }
        return false;
    }
}
