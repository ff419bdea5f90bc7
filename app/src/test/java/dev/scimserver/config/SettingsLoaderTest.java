package dev.scimserver.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsLoaderTest {
    @TempDir
    Path dir;

    @Test
    void defaultsWithoutAnyInput() {
        ServerSettings settings = SettingsLoader.load(CommandLine.parse(), Map.of());
        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.bearerTokens()).isEmpty();
        assertThat(settings.schemaFiles()).isEmpty();
        assertThat(settings.reverseProxy()).isFalse();
        assertThat(settings.dumpResources()).isNull();
        assertThat(settings.maxResults()).isEqualTo(ServerSettings.DEFAULT_MAX_RESULTS);
    }

    @Test
    void commandLineBeatsEnvironmentBeatsFile() throws IOException {
        Path config = yaml("""
                server:
                  host: 0.0.0.0
                  port: 9000
                scim:
                  auth:
                    bearer-tokens: [from-file]
                  max-results: 50
                  reverse-proxy: true
                """);
        Map<String, String> env = Map.of("SERVER_PORT", "9001", "SCIM_AUTH_BEARER_TOKENS", "env-a, env-b");

        ServerSettings fileOnly = SettingsLoader.load(CommandLine.parse("--config", config.toString()), Map.of());
        assertThat(fileOnly.host()).isEqualTo("0.0.0.0");
        assertThat(fileOnly.port()).isEqualTo(9000);
        assertThat(fileOnly.bearerTokens()).containsExactly("from-file");
        assertThat(fileOnly.maxResults()).isEqualTo(50);
        assertThat(fileOnly.reverseProxy()).isTrue();

        ServerSettings withEnv = SettingsLoader.load(CommandLine.parse("--config", config.toString()), env);
        assertThat(withEnv.port()).isEqualTo(9001);
        assertThat(withEnv.bearerTokens()).containsExactly("env-a", "env-b");
        assertThat(withEnv.host()).isEqualTo("0.0.0.0");

        ServerSettings withFlags = SettingsLoader.load(CommandLine.parse("--config", config.toString(),
                "--port", "9002", "--bearer-token", "cli-1", "--bearer-token=cli-2", "--hostname", "::1"), env);
        assertThat(withFlags.port()).isEqualTo(9002);
        assertThat(withFlags.bearerTokens()).containsExactly("cli-1", "cli-2");
        assertThat(withFlags.host()).isEqualTo("::1");
    }

    @Test
    void configFileCanBeNamedInTheEnvironment() throws IOException {
        Path config = yaml("server:\n  port: 9100\n");
        ServerSettings settings = SettingsLoader.load(CommandLine.parse(), Map.of("SCIM_CONFIG", config.toString()));
        assertThat(settings.port()).isEqualTo(9100);
    }

    @Test
    void schemaAndResourceTypeFilesAreRepeatableAndMustExist() throws IOException {
        Path a = Files.writeString(dir.resolve("a.json"), "[]");
        Path b = Files.writeString(dir.resolve("b.json"), "[]");
        ServerSettings settings = SettingsLoader.load(CommandLine.parse("--schema", a.toString(), "--schema", b.toString(),
                "--resource-type", b.toString()), Map.of());
        assertThat(settings.schemaFiles()).containsExactly(a, b);
        assertThat(settings.resourceTypeFiles()).containsExactly(b);

        assertThatThrownBy(() -> SettingsLoader.load(CommandLine.parse("--schema", dir.resolve("missing.json").toString()), Map.of()))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--schema")
                .hasMessageContaining("missing.json");
    }

    @Test
    void badValuesAreOneClearLine() throws IOException {
        assertThatThrownBy(() -> SettingsLoader.load(CommandLine.parse("--port", "http"), Map.of()))
                .isInstanceOf(UsageException.class).hasMessage("--port must be a whole number, not \"http\"");
        assertThatThrownBy(() -> SettingsLoader.load(CommandLine.parse("--port", "70000"), Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> SettingsLoader.load(CommandLine.parse(), Map.of("SCIM_REVERSE_PROXY", "maybe")))
                .isInstanceOf(UsageException.class).hasMessageContaining("--reverse-proxy must be true or false");
        assertThatThrownBy(() -> SettingsLoader.load(CommandLine.parse("--config", dir.resolve("nope.yaml").toString()), Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("does not exist");
        Path broken = yaml("server: [unclosed\n");
        assertThatThrownBy(() -> SettingsLoader.load(CommandLine.parse("--config", broken.toString()), Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining(broken.toString());
    }

    @Test
    void theBulkLimitsComeFromAnySource() {
        assertThat(SettingsLoader.load(CommandLine.parse(), Map.of()).bulk()).isEqualTo(ServerSettings.Bulk.DEFAULT);
        ServerSettings.Bulk given = SettingsLoader.load(CommandLine.parse("--bulk-max-operations", "50"),
                Map.of("SCIM_BULK_MAX_PAYLOAD_BYTES", "4096")).bulk();
        assertThat(given).isEqualTo(new ServerSettings.Bulk(50, 4096));
        assertThatThrownBy(() -> SettingsLoader.load(CommandLine.parse("--bulk-max-operations", "0"), Map.of()))
                .isInstanceOf(UsageException.class).hasMessage("--bulk-max-operations must be between 1 and 1000000, not 0");
    }

    @Test
    void commandLineParsing() {
        CommandLine line = CommandLine.parse("--reverse-proxy", "--dump-resources", "out.json", "-h");
        assertThat(line.help()).isTrue();
        assertThat(line.values().get(Option.REVERSE_PROXY)).containsExactly("true");
        assertThat(line.values().get(Option.DUMP_RESOURCES)).containsExactly("out.json");

        assertThatThrownBy(() -> CommandLine.parse("--nope")).isInstanceOf(UsageException.class).hasMessage("unknown option --nope");
        assertThatThrownBy(() -> CommandLine.parse("--port")).isInstanceOf(UsageException.class).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> CommandLine.parse("--reverse-proxy=yes")).isInstanceOf(UsageException.class).hasMessageContaining("takes no value");
    }

    @Test
    void helpListsEveryOptionWithItsConfigKeyAndEnvironmentVariable() {
        String usage = CommandLine.usage();
        for (Option option : Option.values()) {
            assertThat(usage).contains(option.flag()).contains(option.environmentVariable());
            if (option.key() != null) {
                assertThat(usage).contains(option.key());
            }
        }
        assertThat(Option.BEARER_TOKEN.environmentVariable()).isEqualTo("SCIM_AUTH_BEARER_TOKENS");
        assertThat(Option.PORT.environmentVariable()).isEqualTo("SERVER_PORT");
        assertThat(List.of(Option.values())).extracting(Option::flag)
                .contains("--schema", "--resource-type", "--bearer-token", "--hostname", "--port", "--reverse-proxy",
                        "--dump-resources", "--config");
    }

    private Path yaml(String text) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "config", ".yaml"), text);
    }

    @Test
    void theLimitsComeFromFlagsEnvironmentOrFileWithSafeDefaults() throws IOException {
        ServerSettings.Limits defaults = SettingsLoader.load(CommandLine.parse(), Map.of()).limits();
        assertThat(defaults).isEqualTo(ServerSettings.Limits.DEFAULT);
        assertThat(defaults.maxJsonDepth()).isEqualTo(32);
        assertThat(defaults.maxValues()).isEqualTo(1000);

        Path config = yaml("""
                server:
                  max-tcp-connections: 10
                  idle-connection-timeout: 7
                scim:
                  max-json-depth: 12
                """);
        ServerSettings.Limits limits = SettingsLoader.load(CommandLine.parse("--config", config.toString(),
                "--max-concurrent-requests", "5", "--read-timeout", "3", "--max-header-bytes", "2048",
                "--max-request-line-bytes", "1024", "--max-values", "99"), Map.of("SERVER_MAX_TCP_CONNECTIONS", "11")).limits();
        assertThat(limits).isEqualTo(new ServerSettings.Limits(11, 5, 7, 3, 2048, 1024, 12, 99));

        assertThatThrownBy(() -> SettingsLoader.load(CommandLine.parse("--max-json-depth", "2"), Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("--max-json-depth must be between 8 and 1000");
        assertThatThrownBy(() -> SettingsLoader.load(CommandLine.parse("--read-timeout", "soon"), Map.of()))
                .isInstanceOf(UsageException.class).hasMessageContaining("--read-timeout must be a whole number");
    }
}
