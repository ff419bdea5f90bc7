package dev.scimserver;

import dev.scimserver.config.CommandLine;
import dev.scimserver.config.ServerSettings;
import dev.scimserver.config.SettingsLoader;
import dev.scimserver.config.UsageException;
import dev.scimserver.core.DumpRestore;
import dev.scimserver.core.ResourceService;
import dev.scimserver.http.ScimWebServer;
import dev.scimserver.schema.SchemaDefinitionException;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.dump.ResourceDump;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.jdbc.JdbcBackend;
import dev.scimserver.store.jdbc.JdbcBackends;
import dev.scimserver.store.memory.InMemoryBackend;
import dev.scimserver.store.memory.IndexPlan;
import dev.scimserver.store.memory.Journal;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;

/**
 * Starts the SCIM server: reads the settings, loads the schemas, opens the backend and listens.
 * Any reason it cannot start is one line on stderr and exit code 2, never a stack trace.
 */
public final class Main {
    static final int EXIT_USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(args);
        } catch (UsageException e) {
            fail(e.getMessage() + " (see --help)");
            return;
        }
        if (commandLine.help()) {
            System.out.print(CommandLine.usage());
            return;
        }
        try {
            start(commandLine);
        } catch (UsageException | SchemaDefinitionException e) {
            fail(e.getMessage());
        } catch (RuntimeException e) {
            fail("cannot start: " + describe(e));
        }
    }

    private static void start(CommandLine commandLine) {
        ServerSettings settings = SettingsLoader.load(commandLine, System.getenv());
        SchemaRegistry registry = SchemaRegistry.load(settings.schemaFiles(), settings.resourceTypeFiles());
        if (settings.persistence().backend() == ServerSettings.BackendType.H2) {
            startWithDatabase(settings, registry);
            return;
        }
        InMemoryBackend backend = new InMemoryBackend(IndexPlan.of(registry));
        ResourceService resources = new ResourceService(backend, Clock.systemUTC(), registry, settings.strict(),
                settings.limits().maxValues());
        restore(settings, registry, resources, backend);
        listen(settings, registry, resources, () -> stop(backend, settings));
    }

    /** The H2 backend: the database is the durable state, so there is no snapshot or journal. */
    private static void startWithDatabase(ServerSettings settings, SchemaRegistry registry) {
        ServerSettings.Persistence persistence = settings.persistence();
        JdbcBackend backend;
        try {
            backend = JdbcBackends.open(persistence.jdbcUrl(), persistence.jdbc().user(), persistence.jdbc().password(),
                    persistence.fsync(), persistence.jdbc().queryTimeout(), registry);
        } catch (JdbcBackends.CannotOpenException e) {
            throw new UsageException(e.getMessage());
        }
        ResourceService resources = new ResourceService(backend, Clock.systemUTC(), registry, settings.strict(),
                settings.limits().maxValues());
        if (persistence.restoreFile() != null) {
            try {
                restoreIntoEmpty(backend, persistence, registry, resources);
            } catch (RuntimeException e) {
                backend.close(); // the start stops here: leave the database file free
                throw e;
            }
        }
        listen(settings, registry, resources, () -> {
            if (settings.dumpResources() != null) {
                write(backend.all(), settings.dumpResources(), "resource dump", false);
            }
            backend.close();
        });
    }

    /** Loads {@code --restore FILE} into the database, which must hold no resource yet. */
    private static void restoreIntoEmpty(JdbcBackend backend, ServerSettings.Persistence persistence,
                                         SchemaRegistry registry, ResourceService resources) {
        if (!backend.isEmpty()) {
            throw new UsageException("cannot restore " + persistence.restoreFile() + ": the database "
                    + persistence.jdbcUrl() + " already holds resources; --restore loads into an empty database");
        }
        try {
            int count = DumpRestore.restore(persistence.restoreFile(), registry, resources);
            System.out.println("scim-server restored " + count + " resources from " + persistence.restoreFile());
        } catch (DumpRestore.RestoreException e) {
            throw new UsageException("cannot restore: " + e.getMessage());
        }
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
     * Brings back the state of the last run: the given dump, or the snapshot plus the journal of
     * writes since. Then starts a fresh journal behind a new snapshot. A bad dump, snapshot or
     * journal stops the start (exit 2) with what is wrong.
     */
    private static void restore(ServerSettings settings, SchemaRegistry registry, ResourceService resources,
                                InMemoryBackend backend) {
        ServerSettings.Persistence persistence = settings.persistence();
        Path source = persistence.restoreFile();
        if (source == null && persistence.restoreSnapshot() && Files.isRegularFile(persistence.snapshot())) {
            source = persistence.snapshot();
        }
        try {
            if (source != null) {
                int count = DumpRestore.restore(source, registry, resources);
                System.out.println("scim-server restored " + count + " resources from " + source);
            }
            if (persistence.restoreFile() == null && persistence.restoreSnapshot()) {
                int entries = Journal.replayAll(persistence.journalFile(), backend::holdsAll, backend::replay,
                        warning -> System.err.println("scim-server: warning: " + warning));
                if (entries > 0) {
                    System.out.println("scim-server replayed " + entries + " journal entries from " + persistence.journalFile());
                }
                // A journal of a server from before passwords were hashed holds them in cleartext: hashed
                // now, before openJournal writes the state to the snapshot.
                int hashed = resources.hashStoredCleartextPasswords();
                if (hashed > 0) {
                    System.out.println("scim-server hashed " + hashed + " cleartext passwords from " + persistence.journalFile());
                }
            }
            if (persistence.journal()) {
                backend.openJournal(persistence.journalFile(), persistence.fsync(), persistence.snapshot(),
                        persistence.compactAtBytes());
                backend.compactEvery(persistence.compactEverySeconds());
            }
        } catch (DumpRestore.RestoreException | Journal.CorruptJournalException e) {
            throw new UsageException("cannot restore: " + e.getMessage());
        } catch (IOException e) {
            throw new UsageException("cannot write to the data folder " + persistence.dataDir() + ": " + e.getMessage());
        }
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

    /** Runs on SIGINT, SIGTERM and normal exit, after the server stopped taking requests: the snapshot and the dump. */
    private static void stop(InMemoryBackend backend, ServerSettings settings) {
        List<StoredResource> resources = backend.all();
        if (settings.persistence().journal()) {
            try {
                backend.compact();
                System.out.println("scim-server wrote the snapshot (" + resources.size() + " resources) to "
                        + settings.persistence().snapshot());
            } catch (IOException e) {
                System.err.println("scim-server: cannot write the snapshot; the journal keeps every write: " + e.getMessage());
            }
        } else {
            write(resources, settings.persistence().snapshot(), "snapshot", true);
        }
        if (settings.dumpResources() != null) {
            write(resources, settings.dumpResources(), "resource dump", false);
        }
        backend.close();
    }

    /** Writes a dump; a snapshot has its checksum beside it, a resource dump is the plain JSON array. */
    private static void write(List<StoredResource> resources, Path file, String what, boolean snapshot) {
        try {
            if (snapshot) {
                ResourceDump.writeSnapshot(resources, file);
            } else {
                ResourceDump.write(resources, file);
            }
            System.out.println("scim-server wrote the " + what + " (" + resources.size() + " resources) to " + file);
        } catch (IOException e) {
            System.err.println("scim-server: cannot write the " + what + " to " + file + ": " + e.getMessage());
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
