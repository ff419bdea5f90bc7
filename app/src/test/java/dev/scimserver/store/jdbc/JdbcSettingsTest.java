package dev.scimserver.store.jdbc;

import dev.scimserver.config.CommandLine;
import dev.scimserver.config.SettingValues;
import dev.scimserver.config.SettingsLoader;
import dev.scimserver.config.UsageException;
import dev.scimserver.store.BackendProvider;
import dev.scimserver.store.Backends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The database backend's own settings, read like the server's: command line, then environment, then the file. */
class JdbcSettingsTest {
    @TempDir
    Path dir;

    private static final List<CommandLine.Section> BACKENDS = Backends.all().stream()
            .map(b -> new CommandLine.Section("--backend " + b.name() + ":", b.settings())).toList();

    private static JdbcSettings read(Map<String, String> environment, String... args) {
        SettingValues values = SettingsLoader.values(CommandLine.parse(BACKENDS, args), environment);
        return JdbcSettings.read(values);
    }

    @Test
    void theBackendsAreFoundByName() {
        assertThat(Backends.all()).extracting(BackendProvider::name).containsExactly("memory", "h2", "postgres");
        assertThat(Backends.named("h2")).isInstanceOf(H2BackendProvider.class);
        assertThat(Backends.named("postgres")).isInstanceOf(PostgresBackendProvider.class);
        assertThatThrownBy(() -> Backends.named("oracle"))
                .hasMessage("--backend must be one of memory, h2, postgres, not \"oracle\"");
    }

    @Test
    void theQueryTimeoutIsSecondsFromAnySource() throws IOException {
        assertThat(read(Map.of()).queryTimeout()).isEqualTo(Duration.ofSeconds(5));
        Path config = Files.writeString(dir.resolve("application.yaml"), "scim:\n  backend:\n    type: h2\n    query-timeout: 9\n");
        assertThat(read(Map.of(), "--config", config.toString()).queryTimeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(read(Map.of("SCIM_BACKEND_QUERY_TIMEOUT", "7"), "--config", config.toString()).queryTimeout())
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(read(Map.of("SCIM_BACKEND_QUERY_TIMEOUT", "7"), "--config", config.toString(), "--query-timeout", "30")
                .queryTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(JdbcSettings.QUERY_TIMEOUT.environmentVariable()).isEqualTo("SCIM_BACKEND_QUERY_TIMEOUT");

        assertThatThrownBy(() -> read(Map.of(), "--query-timeout", "0"))
                .isInstanceOf(UsageException.class).hasMessage("--query-timeout must be between 1 and 86400, not 0");
        assertThatThrownBy(() -> read(Map.of(), "--query-timeout", "2.5"))
                .isInstanceOf(UsageException.class).hasMessage("--query-timeout must be a whole number, not \"2.5\"");
    }

    @Test
    void thePoolHasASizeAndAWaitFromAnySource() {
        JdbcSettings defaults = read(Map.of());
        assertThat(defaults.poolSize()).isEqualTo(JdbcBackends.DEFAULT_POOL_SIZE);
        assertThat(defaults.poolTimeout()).isEqualTo(JdbcBackends.DEFAULT_POOL_TIMEOUT);
        JdbcSettings given = read(Map.of("SCIM_BACKEND_POOL_SIZE", "8"), "--pool-timeout", "3");
        assertThat(given.poolSize()).isEqualTo(8);
        assertThat(given.poolTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> read(Map.of(), "--pool-size", "0"))
                .isInstanceOf(UsageException.class).hasMessage("--pool-size must be between 1 and 10000, not 0");
    }

    @Test
    void urlUserAndPasswordComeFromTheirFlagsOrTheEnvironment() {
        JdbcSettings given = read(Map.of("SCIM_BACKEND_PASSWORD", "s3cret"), "--jdbc-url", "jdbc:h2:mem:x", "--jdbc-user", "scim");
        assertThat(given.url()).isEqualTo("jdbc:h2:mem:x");
        assertThat(given.user()).isEqualTo("scim");
        assertThat(given.password()).isEqualTo("s3cret");
        assertThat(given.toString()).doesNotContain("s3cret");
        assertThat(read(Map.of()).url()).isNull();
    }

    @Test
    void helpListsEachBackendWithItsOwnSettings() {
        String usage = CommandLine.usage(BACKENDS);
        assertThat(usage).contains("--backend memory:", "--backend h2:", "--query-timeout SECONDS",
                "config key scim.backend.query-timeout, environment SCIM_BACKEND_QUERY_TIMEOUT",
                "--journal BOOL", "config key scim.persistence.journal, environment SCIM_PERSISTENCE_JOURNAL");
        int options = usage.indexOf("options:");
        assertThat(usage.indexOf("--journal BOOL", options)).isBetween(usage.indexOf("--backend memory:"), usage.indexOf("--backend h2:"));
        assertThat(usage.indexOf("--jdbc-url URL", options)).isGreaterThan(usage.indexOf("--backend h2:"));
        assertThatThrownBy(() -> CommandLine.parse("--jdbc-url", "x")).hasMessage("unknown option --jdbc-url");
    }
}
