package dev.scimserver.http;

import dev.scimserver.core.ResourceService;
import dev.scimserver.config.ServerSettings;
import dev.scimserver.http.ScimClient.Exchange;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.TestBackends;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.scimserver.http.ScimClient.ENTERPRISE_USER;
import static dev.scimserver.http.ScimClient.GROUP;
import static dev.scimserver.http.ScimClient.USER;
import static dev.scimserver.http.ScimClient.patchOp;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded fuzz run: random mutations of valid SCIM requests (bodies cut, bytes flipped or
 * inserted, tokens swapped, names doubled, values retyped; filters and query parameters broken),
 * with a fixed seed so a failure repeats, against one server per backend. Every answer must be
 * below 500, come in time (the client's read timeout), carry a JSON body when it is an error, and
 * show no stack trace. The seed and the request are in the failure message.
 */
@ServerTest
class FuzzTest {
    private static final long SEED = 20261204L;
    private static final int CASES = 2500;

    private final ScimClient scim;

    FuzzTest(Http1Client client) {
        this.scim = new ScimClient(client);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        SchemaRegistry registry = SchemaRegistry.defaults();
        ScimRouting.configure(routing, ServerSettings.defaults(), registry,
                new ResourceService(TestBackends.create(registry), Clock.systemUTC(), registry, false));
    }

    private static final String[] TOKENS = {"{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "null", "true", "1e999",
            "-0", "0x1", "NaN", "\u0000", "\u00ff", "💥", "\"schemas\":", "\"userName\":", "\"members\":[{\"value\":null}]",
            "\"Operations\":", "\"op\":\"add\"", "\"path\":\"emails[type eq \\\"work\\\"\"", "\"value\":", "[[[[[[[[[[[[", "]]]]]]"};

    private static final String[] FILTERS = {"userName eq \"a\"", "emails[type eq \"work\" and value co \"@\"]", "not (active pr)",
            "meta.lastModified gt \"2020-01-01T00:00:00Z\"", "name.givenName sw \"A\" or title pr", "members.value eq \"x\"",
            "meta.location co \"Users\"", ENTERPRISE_USER + ":manager.value eq \"m\""};

    @Test
    void noMutatedRequestGetsA5xxOrHangs() {
        Random random = new Random(SEED);
        String userId = scim.newUser("fuzz-user");
        String groupId = scim.create("/Groups", ScimClient.group("fuzz-group", userId)).id();
        List<String> templates = templates(userId);
        int answered = 0;
        for (int i = 0; i < CASES; i++) {
            int kind = random.nextInt(4);
            Exchange res;
            if (kind == 0) {
                res = scim.get(mutatedQuery(random, random.nextBoolean() ? "/Users" : "/Groups"));
            } else {
                String body = mutate(random, templates.get(random.nextInt(templates.size())));
                Method method = switch (kind) {
                    case 1 -> Method.POST;
                    case 2 -> Method.PUT;
                    default -> Method.PATCH;
                };
                String path = switch (random.nextInt(5)) {
                    case 0 -> "/Users";
                    case 1 -> "/Users/" + userId;
                    case 2 -> "/Groups/" + groupId;
                    case 3 -> "/Users/.search";
                    default -> "/Groups";
                };
                if (method != Method.POST && !path.contains("/" + userId) && !path.contains("/" + groupId)) {
                    path = path.startsWith("/Users") ? "/Users/" + userId : "/Groups/" + groupId;
                }
                res = scim.sendBytes(method, path, body.getBytes(StandardCharsets.UTF_8));
            }
            assertThat(res.status()).as("seed %d case %d: %s %s → %s", SEED, i, res.request(), res.requestBody(), res.body())
                    .isBetween(200, 499);
            if (res.status() >= 400) {
                assertThat(parses(res.body())).as("case %d: %s → %s", i, res.request(), res.body()).isTrue();
                res.assertNoStackTrace();
            }
            answered++;
        }
        assertThat(answered).isEqualTo(CASES);
        // And the server is still itself.
        assertThat(scim.read("/Users/" + userId).getString("id")).isEqualTo(userId);
    }

    private static boolean parses(String body) {
        try (var reader = Json.createReader(new StringReader(body))) {
            reader.readObject();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static List<String> templates(String userId) {
        List<String> templates = new ArrayList<>();
        templates.add("{\"schemas\":[\"" + USER + "\",\"" + ENTERPRISE_USER + "\"],\"userName\":\"fuzz\",\"name\":{\"givenName\":\"F\","
                + "\"familyName\":\"Z\"},\"emails\":[{\"value\":\"f@example.com\",\"type\":\"work\",\"primary\":true}],\"active\":true,"
                + "\"" + ENTERPRISE_USER + "\":{\"employeeNumber\":\"7\",\"manager\":{\"value\":\"" + userId + "\"}}}");
        templates.add("{\"schemas\":[\"" + GROUP + "\"],\"displayName\":\"fuzz-g\",\"members\":[{\"value\":\"" + userId + "\"}]}");
        templates.add(patchOp("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"x\"},"
                + "{\"op\":\"add\",\"path\":\"emails[type eq \\\"home\\\"].value\",\"value\":\"h@example.com\"},"
                + "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + userId + "\\\"]\"}"));
        templates.add(patchOp("{\"op\":\"Replace\",\"value\":{\"active\":\"False\",\"name.givenName\":\"G\"}}"));
        templates.add("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:SearchRequest\"],\"filter\":\"userName sw \\\"f\\\"\","
                + "\"sortBy\":\"name.familyName\",\"startIndex\":1,\"count\":10,\"attributes\":[\"userName\"]}");
        return templates;
    }

    private static String mutate(Random random, String template) {
        StringBuilder text = new StringBuilder(template);
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && !text.isEmpty(); m++) {
            int at = random.nextInt(text.length() + 1);
            switch (random.nextInt(7)) {
                case 0 -> text.setLength(at); // cut short
                case 1 -> text.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                case 2 -> {
                    if (at < text.length()) {
                        text.setCharAt(at, (char) (32 + random.nextInt(95)));
                    }
                }
                case 3 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(12)));
                case 4 -> text.insert(at, "[".repeat(random.nextInt(60)));
                case 5 -> {
                    int from = random.nextInt(text.length());
                    int to = Math.min(text.length(), from + random.nextInt(40));
                    text.insert(at, text.substring(from, to)); // a piece repeated: doubled names, odd nesting
                }
                default -> {
                    String piece = random.nextBoolean() ? "\"true\"" : random.nextBoolean() ? "12345678901234567890" : "{}";
                    int quote = text.indexOf(":", at);
                    if (quote >= 0) {
                        text.insert(quote + 1, piece + ",");
                    }
                }
            }
        }
        return text.toString();
    }

    private static String mutatedQuery(Random random, String endpoint) {
        String filter = FILTERS[random.nextInt(FILTERS.length)];
        StringBuilder broken = new StringBuilder(filter);
        for (int m = 0; m < 1 + random.nextInt(3); m++) {
            int at = random.nextInt(broken.length() + 1);
            switch (random.nextInt(4)) {
                case 0 -> broken.setLength(at);
                case 1 -> broken.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                case 2 -> broken.insert(at, "(".repeat(random.nextInt(50)));
                default -> broken.insert(at, " and " + FILTERS[random.nextInt(FILTERS.length)]);
            }
        }
        String[] params = {"filter=" + encode(broken.toString()), "sortBy=" + encode(random.nextBoolean() ? "emails.value" : broken.toString()),
                "startIndex=" + (random.nextInt(5) - 2), "count=" + (random.nextBoolean() ? "1e9" : Integer.toString(random.nextInt(20) - 5)),
                "attributes=" + encode(random.nextBoolean() ? "userName,name.givenName" : "%%"), "sortOrder=" + (random.nextBoolean() ? "up" : "")};
        StringBuilder query = new StringBuilder(endpoint).append('?');
        for (String param : params) {
            if (random.nextInt(3) > 0) {
                query.append(param).append('&');
            }
        }
        return query.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
