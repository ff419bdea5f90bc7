package dev.scimserver.http.compat;

import dev.scimserver.http.ScimClient;
import dev.scimserver.http.ScimClient.Exchange;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.Socket;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.scimserver.http.ScimClient.GROUP;
import static dev.scimserver.http.ScimClient.USER;
import static dev.scimserver.http.ScimClient.patchOp;
import static dev.scimserver.http.ScimClient.uniqueName;
import static dev.scimserver.http.ScimClient.user;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What RFC 7644 and RFC 7232 promise every client, found missing by independent clients and
 * answered the same in the default and the strict mode (each test runs on both servers): an
 * unknown id before the body, {@code Location} on every single resource, the {@code .scim} suffix,
 * conditional requests on every method, filters on {@code meta.location}, and 404s that say what
 * was not found. Where the Python scim2-server was the model, the test's name says so.
 */
@ServerTest
class ClientExpectationsTest {
    private final List<ScimClient> servers;

    ClientExpectationsTest(Http1Client lenient, @Socket(CompatServers.STRICT) Http1Client strict) {
        this.servers = List.of(new ScimClient(lenient), new ScimClient(strict));
    }

    @SetUpRoute
    static void lenientRoute(HttpRouting.Builder routing) {
        CompatServers.lenient(routing);
    }

    @SetUpRoute(CompatServers.STRICT)
    static void strictRoute(HttpRouting.Builder routing) {
        CompatServers.strict(routing);
    }

    private static String filter(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ---- 3. an unknown id is a 404 whatever the body

    @ParameterizedTest
    @ValueSource(strings = {"{not json", "{\"schemas\":[\"" + USER + "\"],\"userName\":42}", "{}", "[]"})
    void aWriteToAnUnknownIdIs404WhateverTheBody(String body) {
        for (ScimClient scim : servers) {
            String missing = "/Users/00000000-0000-4000-8000-000000000000";
            assertThat(scim.put(missing, body).assertError(404, null)).contains("User '00000000-0000-4000-8000-000000000000' not found");
            scim.patch(missing, body).assertError(404, null);
            scim.patch(missing, patchOp("{\"op\":\"bogus\"}")).assertError(404, null);
            scim.put(missing, body, "Content-Type", "text/plain").assertError(404, null);
            scim.delete(missing, "If-Match", "W/\"whatever\"").assertError(404, null);
        }
    }

    @Test
    void aBadBodyToAnExistingIdIsStill400() {
        for (ScimClient scim : servers) {
            String id = scim.newUser("bad-body-known-id");
            scim.put("/Users/" + id, "{not json").assertError(400, "invalidSyntax");
            scim.put("/Users/" + id, "{\"schemas\":[\"" + USER + "\"],\"userName\":42}").assertError(400, "invalidValue");
            scim.patch("/Users/" + id, patchOp("{\"op\":\"bogus\"}")).assertError(400, "invalidSyntax");
        }
    }

    // ---- 4. Location on every response that carries one resource (RFC 7644 §3.4.1, §3.5.1; the Python server's way)

    @Test
    void locationOnEveryResponseOfOneResourceLikeThePythonServer() {
        for (ScimClient scim : servers) {
            Exchange created = scim.create("/v2/Users", user(uniqueName("located")));
            String location = created.json().getJsonObject("meta").getString("location");
            assertThat(created.header("Location")).isEqualTo(location).endsWith("/v2/Users/" + created.id());

            String path = "/v2/Users/" + created.id();
            Exchange read = scim.get(path).assertStatus(200);
            assertThat(read.header("Location")).isEqualTo(location);
            Exchange replaced = scim.put(path, user(uniqueName("located-again"))).assertStatus(200);
            assertThat(replaced.header("Location")).isEqualTo(location)
                    .isEqualTo(replaced.json().getJsonObject("meta").getString("location"));
            Exchange patched = scim.patch(path, patchOp("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"L\"}"))
                    .assertStatus(200);
            assertThat(patched.header("Location")).isEqualTo(location);

            for (String document : List.of("/ServiceProviderConfig", "/ResourceTypes/User", "/Schemas/" + USER)) {
                Exchange res = scim.get("/v2" + document).assertStatus(200);
                assertThat(res.header("Location")).as(document)
                        .isEqualTo(res.json().getJsonObject("meta").getString("location"))
                        .endsWith("/v2" + document);
            }
            // A list carries many resources, so no one Location.
            assertThat(scim.get("/v2/Users").assertStatus(200).header("Location")).isNull();
            assertThat(scim.get("/v2/ResourceTypes").assertStatus(200).header("Location")).isNull();
        }
    }

    // ---- 5. the .scim suffix of RFC 7644 §3.8

    @Test
    void theScimSuffixAsksForScimJson() {
        for (ScimClient scim : servers) {
            String id = scim.newUser("suffixed");
            Exchange one = scim.get("/Users/" + id + ".scim").assertStatus(200);
            assertThat(one.header("Content-Type")).startsWith("application/scim+json");
            assertThat(one.json().getString("id")).isEqualTo(id);
            assertThat(one.header("Location")).endsWith("/Users/" + id);

            Exchange list = scim.get("/v2/Users.scim?filter=" + filter("id eq \"" + id + "\"")).assertStatus(200);
            assertThat(list.resources()).extracting(u -> u.getString("id")).containsExactly(id);
            assertThat(scim.get("/ResourceTypes.scim").assertStatus(200).json().getInt("totalResults")).isEqualTo(2);
            assertThat(scim.get("/ResourceTypes/User.scim").assertStatus(200).json().getString("id")).isEqualTo("User");
            assertThat(scim.get("/Schemas/" + GROUP + ".scim").assertStatus(200).json().getString("id")).isEqualTo(GROUP);
            assertThat(scim.get("/ServiceProviderConfig.scim").assertStatus(200).json().containsKey("patch")).isTrue();

            // Writes take it too.
            Exchange created = scim.post("/Users.scim", user(uniqueName("suffixed-post"))).assertStatus(201);
            scim.patch("/Users/" + created.id() + ".scim", patchOp("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"S\"}"))
                    .assertStatus(200);
            scim.delete("/Users/" + created.id() + ".scim").assertStatus(204);
            scim.get("/Users/" + created.id()).assertError(404, null);

            // The suffix alone names nothing.
            scim.get("/.scim").assertError(404, null);
            scim.get("/Users/.scim").assertError(404, null);
        }
    }

    // ---- 7. conditional requests as RFC 7232 says, on every method

    @Test
    void ifMatchThatDoesNotMatchIs412OnARead() {
        for (ScimClient scim : servers) {
            Exchange created = scim.create("/Users", user(uniqueName("if-match-get")));
            String path = "/Users/" + created.id();
            String etag = created.header("ETag");

            scim.get(path, "If-Match", "W/\"stale\"").assertError(412, null);
            scim.send(Method.HEAD, path, null, "If-Match", "W/\"stale\"").assertStatus(412);
            assertThat(scim.get(path, "If-Match", etag).assertStatus(200).json().getString("id")).isEqualTo(created.id());
            scim.get(path, "If-Match", "*").assertStatus(200);
            scim.get(path, "If-Match", "W/\"stale\", " + etag).assertStatus(200);
            // If-None-Match: 304 when it matches, with the tag; a list and "*" match too.
            Exchange notModified = scim.get(path, "If-None-Match", "W/\"other\", " + etag).assertStatus(304);
            assertThat(notModified.header("ETag")).isEqualTo(etag);
            assertThat(notModified.body()).isEmpty();
            scim.get(path, "If-None-Match", "*").assertStatus(304);
            scim.get(path, "If-None-Match", "W/\"other\"").assertStatus(200);
            // If-Match is evaluated first (RFC 7232 §6).
            scim.get(path, "If-Match", "W/\"stale\"", "If-None-Match", etag).assertError(412, null);
        }
    }

    @Test
    void ifNoneMatchThatMatchesStopsEveryWrite() {
        for (ScimClient scim : servers) {
            Exchange created = scim.create("/Users", user(uniqueName("if-none-match-write")));
            String path = "/Users/" + created.id();
            String etag = created.header("ETag");
            String patch = patchOp("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"changed\"}");

            for (String tags : List.of(etag, "*", "W/\"other\", " + etag)) {
                scim.put(path, user(uniqueName("not-written")), "If-None-Match", tags).assertError(412, null);
                scim.patch(path, patch, "If-None-Match", tags).assertError(412, null);
                scim.delete(path, "If-None-Match", tags).assertError(412, null);
            }
            JsonObject unchanged = scim.read(path);
            assertThat(unchanged.getString("userName")).isEqualTo(created.json().getString("userName"));
            assertThat(unchanged.containsKey("displayName")).isFalse();
            assertThat(unchanged.getJsonObject("meta").getString("version")).isEqualTo(etag);

            // A tag that does not match lets the write through.
            Exchange patched = scim.patch(path, patch, "If-None-Match", "W/\"other\"").assertStatus(200);
            assertThat(patched.json().getString("displayName")).isEqualTo("changed");
            scim.delete(path, "If-None-Match", "W/\"other\"").assertStatus(204);
        }
    }

    @Test
    void ifMatchStarAndListsOnWrites() {
        for (ScimClient scim : servers) {
            Exchange created = scim.create("/Users", user(uniqueName("if-match-star")));
            String path = "/Users/" + created.id();
            String etag = created.header("ETag");
            String patch = patchOp("{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"starred\"}");

            scim.patch(path, patch, "If-Match", "W/\"a\", W/\"b\"").assertError(412, null);
            Exchange listed = scim.patch(path, patch, "If-Match", "W/\"a\", " + etag).assertStatus(200);
            Exchange starred = scim.put(path, user(uniqueName("starred")), "If-Match", "*").assertStatus(200);
            assertThat(starred.header("ETag")).isNotEqualTo(listed.header("ETag"));
            scim.delete(path, "If-Match", "*").assertStatus(204);
            // "*" on a resource that is gone: the resource is not there to match.
            scim.delete(path, "If-Match", "*").assertError(404, null);
        }
    }

    // ---- 8. filters on meta.location match the location a response shows

    @Test
    void filtersOnMetaLocationMatchTheLocationShown() {
        for (ScimClient scim : servers) {
            String id = scim.newUser("located-filter");
            String location = scim.read("/v2/Users/" + id).getJsonObject("meta").getString("location");

            Exchange all = scim.get("/v2/Users?count=1000&filter=" + filter("meta.location co \"Users\"")).assertStatus(200);
            int users = scim.get("/v2/Users?count=0").assertStatus(200).json().getInt("totalResults");
            assertThat(all.json().getInt("totalResults")).isEqualTo(users).isPositive();

            Exchange one = scim.get("/v2/Users?filter=" + filter("meta.location eq \"" + location + "\"")).assertStatus(200);
            assertThat(one.resources()).extracting(u -> u.getString("id")).containsExactly(id);
            Exchange byEnd = scim.get("/v2/Users?filter=" + filter("meta.location ew \"/" + id + "\"")).assertStatus(200);
            assertThat(byEnd.resources()).extracting(u -> u.getString("id")).containsExactly(id);
            Exchange byStart = scim.get("/v2/Users?filter=" + filter("meta.location sw \"" + location.substring(0, location.length() - 4)
                    + "\" and meta.location pr")).assertStatus(200);
            assertThat(byStart.resources()).extracting(u -> u.getString("id")).contains(id);

            // The location under the root differs from the one under /v2, as the responses show.
            scim.get("/Users?filter=" + filter("meta.location eq \"" + location + "\"")).assertStatus(200);
            assertThat(scim.get("/Users?filter=" + filter("meta.location eq \"" + location + "\"")).json().getInt("totalResults"))
                    .isZero();
            assertThat(scim.get("/v2/Groups?filter=" + filter("meta.location co \"/Users/\"")).json().getInt("totalResults"))
                    .isZero();
            // Across types at the root: only the user's location is this one.
            Exchange root = scim.get("/v2/?filter=" + filter("meta.location eq \"" + location + "\"")).assertStatus(200);
            assertThat(root.resources()).extracting(u -> u.getString("id")).containsExactly(id);
        }
    }

    // ---- 10. a 404 says in words what was not found

    @Test
    void notFoundSaysWhatWasNotFound() {
        for (ScimClient scim : servers) {
            assertThat(scim.get("/Users/123").assertError(404, null)).startsWith("User '123' not found");
            assertThat(scim.get("/v2/Groups/abc").assertError(404, null)).startsWith("Group 'abc' not found");
            assertThat(scim.get("/ResourceTypes/Unknown").assertError(404, null)).startsWith("Resource type 'Unknown' not found");
            assertThat(scim.get("/Schemas/urn:example:Unknown").assertError(404, null))
                    .startsWith("Schema 'urn:example:Unknown' not found");
            assertThat(scim.get("/Unknowns/123").assertError(404, null)).contains("/Unknowns", "/ResourceTypes");
        }
    }
}
