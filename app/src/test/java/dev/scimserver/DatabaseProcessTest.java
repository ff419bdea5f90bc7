package dev.scimserver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The H2 backend as a person runs it: one flag chooses it, and a database that cannot be opened stops
 * the start with one line and exit 2. (A resource dump's round trip through every backend, H2 among
 * them: {@link PostgresProcessTest}.)
 */
class DatabaseProcessTest {

    @TempDir
    Path dir;


    @Test
    void aDatabaseInUseByAnotherServerStopsTheStart() throws Exception {
        ServerProcess first = ServerProcess.start(dir, "--port", "0", "--backend", "h2");
        try {
            Path other = Files.createDirectories(dir.resolve("other"));
            ServerProcess.Result second = ServerProcess.run(other, "--port", "0", "--backend", "h2",
                    "--data-dir", dir.resolve("data").toString());
            assertThat(second.exitCode()).isEqualTo(2);
            assertThat(second.stderr()).contains("cannot open the database").contains("in use by another process")
                    .doesNotContain("\tat ");
            assertThat(second.stderr().strip().lines()).hasSize(1);
        } finally {
            first.signal("TERM");
        }
    }

    @Test
    void aUrlWithoutADriverStopsTheStart() throws Exception {
        ServerProcess.Result result = ServerProcess.run(dir, "--port", "0", "--backend", "h2",
                "--jdbc-url", "jdbc:nosuchdb://localhost/scim");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("jdbc:nosuchdb://localhost/scim").contains("this build speaks H2 (jdbc:h2:…) and PostgreSQL")
                .doesNotContain("\tat ");
    }

    @Test
    void anUnknownBackendIsAUsageError() throws Exception {
        ServerProcess.Result result = ServerProcess.run(dir, "--port", "0", "--backend", "oracle");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("--backend must be one of memory, h2, postgres, not \"oracle\"");
    }
}
