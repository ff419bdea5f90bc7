package dev.scimserver;

import dev.scimserver.config.CommandLine;
import dev.scimserver.config.ServerSettings;
import dev.scimserver.config.SettingValues;
import dev.scimserver.config.SettingsLoader;
import dev.scimserver.config.UsageException;
import dev.scimserver.core.ResourceService;
import dev.scimserver.core.StartRestorer;
import dev.scimserver.http.ScimWebServer;
import dev.scimserver.schema.SchemaDefinitionException;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.Backend;
import dev.scimserver.store.BackendContext;
import dev.scimserver.store.BackendException;
import dev.scimserver.store.BackendProvider;
import dev.scimserver.store.Backends;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.dump.ResourceDump;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Starts the SCIM server: reads the settings, loads the schemas, opens the backend (found by name,
 * {@link Backends}) and listens.
 * Any reason it cannot start is one line on stderr and exit code 2, never a stack trace.
 */
public final class Main {
    static final int EXIT_USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        List<BackendProvider> backends = Backends.all();
        List<CommandLine.Section> sections = backends.stream()
                .map(b -> new CommandLine.Section("--backend " + b.name() + ": " + b.description(), b.settings()))
                .toList();
        CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(sections, args);
        } catch (UsageException e) {
            fail(e.getMessage() + " (see --help)");
            return;
        }
        if (commandLine.help()) {
            System.out.print(CommandLine.usage(sections));
            return;
        }
        try {
            start(commandLine);
        } catch (UsageException | SchemaDefinitionException | BackendException e) {
            fail(e.getMessage());
        } catch (RuntimeException e) {
            fail("cannot start: " + describe(e));
        }
    }

    /**
     * Opens the backend named by {@code --backend}, brings back its last state (a backend that cannot
     * is closed again, so the start stops with its files free), and listens.
     */
    private static void start(CommandLine commandLine) {
        SettingValues values = SettingsLoader.values(commandLine, System.getenv());
        ServerSettings settings = SettingsLoader.load(values);
        SchemaRegistry registry = SchemaRegistry.load(settings.schemaFiles(), settings.resourceTypeFiles());
        BackendProvider provider = Backends.named(settings.persistence().backend());
        BackendContext context = new BackendContext(registry, settings, values);
        Backend backend = provider.open(context);
        ResourceService resources;
        try {
            resources = new ResourceService(backend, Clock.systemUTC(), registry, settings.strict(), settings.limits().maxValues());
            provider.restore(backend, context, new StartRestorer(registry, resources, System.out::println));
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
        listen(settings, registry, resources, () -> {
            if (settings.dumpResources() != null) {
                write(backend.all(), settings.dumpResources());
            }
            provider.stop(backend, context);
        });
    }

    private static void listen(ServerSettings settings, SchemaRegistry registry, ResourceService resources,
                               Runnable afterStop) {
        checkPortIsFree(settings.host(), settings.port());
        WebServer server;
        try {
            server = ScimWebServer.builder(settings, registry, resources)
                    .build()
                    .start();
        } catch (RuntimeException e) {
            throw new UsageException("cannot listen on " + settings.host() + ":" + settings.port() + ": " + describe(e));
        }
        if (!server.isRunning()) {
            throw new UsageException("cannot listen on " + settings.host() + ":" + settings.port() + " (see the log above)");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            afterStop.run();
        }, "scim-shutdown"));
        System.out.println("scim-server listening on http://" + settings.host() + ":" + server.port()
                + " (SCIM API at / and /v2)");
    }

    /**
     * Binds the address once before Helidon does: Helidon reports a taken port only in its log, with
     * a stack trace, while a person starting the server should get one line saying what is wrong.
     */
    private static void checkPortIsFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new UsageException("cannot listen on " + host + ":" + port + ": " + describe(e)
                    + (e instanceof java.net.BindException ? " (is another server running? choose another --port)" : ""));
        }
    }

    /** Writes {@code --dump-resources}: the plain JSON array, as the Python server's dumps are. */
    private static void write(List<StoredResource> resources, Path file) {
        try {
            ResourceDump.write(resources, file);
            System.out.println("scim-server wrote the resource dump (" + resources.size() + " resources) to " + file);
        } catch (IOException e) {
            System.err.println("scim-server: cannot write the resource dump to " + file + ": " + e.getMessage());
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }

    private static void fail(String message) {
        System.err.println("scim-server: " + message);
        System.exit(EXIT_USAGE);
    }
}
