package dev.scimserver.example;

import dev.scimserver.config.CommandLine;
import dev.scimserver.config.ServerSettings;
import dev.scimserver.config.SettingValues;
import dev.scimserver.config.SettingsLoader;
import dev.scimserver.core.ResourceService;
import dev.scimserver.http.ScimWebServer;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.Backend;
import dev.scimserver.store.BackendContext;
import dev.scimserver.store.BackendProvider;
import dev.scimserver.store.Backends;
import io.helidon.webserver.WebServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real server on {@code --backend map}, assembled as Main assembles it (settings, the provider
 * found by name, ResourceService, ScimWebServer on a free port), and one SCIM exchange over HTTP.
 */
class MapBackendHttpTest {
    private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static BackendProvider provider;
    private static BackendContext context;
    private static Backend backend;
    private static WebServer server;

    @BeforeAll
    static void start() {
        List<CommandLine.Section> sections = Backends.all().stream()
                .map(b -> new CommandLine.Section("--backend " + b.name() + ":", b.settings())).toList();
        SettingValues values = SettingsLoader.values(
                CommandLine.parse(sections, "--backend", "map", "--port", "0", "--map-initial-capacity", "64"), Map.of());
        ServerSettings settings = SettingsLoader.load(values);
        SchemaRegistry registry = SchemaRegistry.load(settings.schemaFiles(), settings.resourceTypeFiles());
        provider = Backends.named(settings.persistence().backend());
        context = new BackendContext(registry, settings, values);
        backend = provider.open(context);
        ResourceService resources = new ResourceService(backend, Clock.systemUTC(), registry, settings.strict(),
                settings.limits().maxValues());
        server = ScimWebServer.builder(settings, registry, resources).build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        provider.stop(backend, context);
    }

    @Test
    void aScimExchangeOnTheMapBackend() throws Exception {
        assertThat(backend).isInstanceOf(MapBackend.class);
        assertThat(((MapBackend) backend).initialCapacity()).isEqualTo(64);

        HttpResponse<String> created = send("POST", "/v2/Users", user("bjensen"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonObject user = json(created);
        String userId = user.getString("id");
        assertThat(user.getString("userName")).isEqualTo("bjensen");
        assertThat(created.headers().firstValue("Location")).hasValue(base() + "/v2/Users/" + userId);
        String etag = created.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).isEqualTo(user.getJsonObject("meta").getString("version"));

        HttpResponse<String> group = send("POST", "/v2/Groups",
                "{\"schemas\":[\"" + GROUP + "\"],\"displayName\":\"Admins\",\"members\":[{\"value\":\"" + userId + "\"}]}");
        assertThat(group.statusCode()).as(group.body()).isEqualTo(201);
        String groupId = json(group).getString("id");
        JsonObject member = json(group).getJsonArray("members").getJsonObject(0);
        assertThat(member.getString("value")).isEqualTo(userId);
        assertThat(member.getString("type")).isEqualTo("User");

        // groups is computed on read, from the backend's search of members.value eq "<id>"
        JsonObject read = json(send("GET", "/v2/Users/" + userId, null));
        assertThat(read.getJsonArray("groups")).hasSize(1);
        assertThat(read.getJsonArray("groups").getJsonObject(0).getString("value")).isEqualTo(groupId);
        assertThat(read.getJsonArray("groups").getJsonObject(0).getString("display")).isEqualTo("Admins");

        JsonObject found = json(send("GET", "/v2/Users?filter=" + encode("userName eq \"BJensen\""), null));
        assertThat(found.getInt("totalResults")).isEqualTo(1);
        assertThat(found.getJsonArray("Resources").getJsonObject(0).getString("id")).isEqualTo(userId);

        HttpResponse<String> stale = send("PUT", "/v2/Users/" + userId, user("bjensen"), "If-Match", "W/\"stale\"");
        assertError(stale, 412, null);
        HttpResponse<String> replaced = send("PUT", "/v2/Users/" + userId,
                "{\"schemas\":[\"" + USER + "\"],\"userName\":\"bjensen\",\"displayName\":\"Barbara\"}", "If-Match", etag);
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(json(replaced).getString("displayName")).isEqualTo("Barbara");
        assertThat(replaced.headers().firstValue("ETag")).isPresent().isNotEqualTo(java.util.Optional.of(etag));

        String detail = assertError(send("POST", "/v2/Users", user("BJENSEN")), 409, "uniqueness");
        assertThat(detail).contains("userName");

        assertThat(send("DELETE", "/v2/Users/" + userId, null).statusCode()).isEqualTo(204);
        assertError(send("GET", "/v2/Users/" + userId, null), 404, null);
        JsonObject groupAfter = json(send("GET", "/v2/Groups/" + groupId, null));
        assertThat(groupAfter.getJsonArray("members")).as(groupAfter.toString()).isNullOrEmpty();
        // the delete released the userName
        assertThat(send("POST", "/v2/Users", user("bjensen")).statusCode()).isEqualTo(201);
    }

    @Test
    void searchesSortAndPage() throws Exception {
        for (String name : List.of("pager-b", "pager-c", "pager-a")) {
            assertThat(send("POST", "/v2/Users", user(name)).statusCode()).isEqualTo(201);
        }
        String filter = encode("userName sw \"pager-\"");

        JsonObject page = json(send("GET", "/v2/Users?filter=" + filter + "&sortBy=userName&sortOrder=descending&startIndex=2&count=1", null));
        assertThat(page.getInt("totalResults")).isEqualTo(3);
        assertThat(page.getInt("startIndex")).isEqualTo(2);
        assertThat(page.getJsonArray("Resources")).extracting(r -> r.asJsonObject().getString("userName")).containsExactly("pager-b");

        JsonObject unsorted = json(send("GET", "/v2/Users?filter=" + filter, null)); // creation order
        assertThat(unsorted.getJsonArray("Resources")).extracting(r -> r.asJsonObject().getString("userName"))
                .containsExactly("pager-b", "pager-c", "pager-a");

        assertError(send("GET", "/v2/Users?sortBy=nosuch", null), 400, "invalidValue");
    }

    private static String user(String userName) {
        return "{\"schemas\":[\"" + USER + "\"],\"userName\":\"" + userName + "\"}";
    }

    private static String base() {
        return "http://127.0.0.1:" + server.port();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static HttpResponse<String> send(String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/scim+json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> response) {
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    /** An RFC 7644 §3.12 error: the status, the Error schema, the scimType (null: none); returns the detail. */
    private static String assertError(HttpResponse<String> response, int status, String scimType) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonObject error = json(response);
        assertThat(error.getJsonArray("schemas")).containsExactly(Json.createValue(ERROR));
        assertThat(error.getString("status")).isEqualTo(Integer.toString(status));
        assertThat(error.get("scimType")).isEqualTo(scimType == null ? null : (JsonValue) Json.createValue(scimType));
        return error.getString("detail");
    }
}
