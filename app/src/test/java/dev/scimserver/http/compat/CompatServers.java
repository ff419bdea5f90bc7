package dev.scimserver.http.compat;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.core.ResourceService;
import dev.scimserver.http.ScimRouting;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.TestBackends;
import io.helidon.webserver.http.HttpRouting;

import java.time.Clock;

/**
 * The two servers every compatibility test class runs side by side, each put together as
 * {@code Main} does it: the default (lenient) one on the default socket, and a strict one
 * ({@code scim.compat.strict: true}, {@code --strict}) on the socket named {@value #STRICT}, each
 * with its own store. A test sends the same request to both and shows what each answers.
 */
final class CompatServers {
    static final String STRICT = "strict";

    private CompatServers() {
    }

    /** The server as it starts with no options: lenient towards what identity providers send. */
    static void lenient(HttpRouting.Builder routing) {
        configure(routing, ServerSettings.defaults(), service(false));
    }

    /** The server started with {@code --strict}: every known deviation gets the RFC's answer. */
    static void strict(HttpRouting.Builder routing) {
        configure(routing, ServerSettings.defaults().withStrict(true), service(true));
    }

    /** A service over a new store of the backend under test ({@link TestBackends}), as {@code Main} builds it. */
    static ResourceService service(boolean strict) {
        SchemaRegistry registry = SchemaRegistry.defaults();
        return new ResourceService(TestBackends.create(registry), Clock.systemUTC(), registry, strict);
    }

    static void configure(HttpRouting.Builder routing, ServerSettings settings, ResourceService service) {
        ScimRouting.configure(routing, settings, SchemaRegistry.defaults(), service);
    }
}
