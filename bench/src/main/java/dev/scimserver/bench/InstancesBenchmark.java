package dev.scimserver.bench;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.jdbc.JdbcBackends;

import java.util.List;

/**
 * Issue 15's last figure: create throughput of 16 HTTP clients split across two server instances
 * on one PostgreSQL schema, beside one instance on a schema of its own, in turns in one run. Both
 * instances are in this JVM (each with its own backend, pool and caches, as two processes would
 * have), so they share its two cores with the clients and with PostgreSQL.
 */
final class InstancesBenchmark {
    private InstancesBenchmark() {
    }

    static void run(int seconds) throws Exception {
        System.out.printf("%n## instances: creates with 16 clients, one instance and two on one database (%d s each)%n%n", seconds);
        System.out.println("| instances | creates | seconds | creates/s | process CPU ms per create |");
        System.out.println("|---|---|---|---|---|");
        try (InProcessServer one = new InProcessServer(ServerSettings.defaults())) {
            print(1, DurabilityBenchmark.creates(List.of(one), seconds));
        }
        String url = InProcessServer.newPostgresSchema();
        try (InProcessServer a = new InProcessServer(ServerSettings.defaults(), JdbcBackends.open(url, "", "", SchemaRegistry.defaults()), url);
             InProcessServer b = new InProcessServer(ServerSettings.defaults(), JdbcBackends.open(url, "", "", SchemaRegistry.defaults()), url)) {
            print(2, DurabilityBenchmark.creates(List.of(a, b), seconds));
        }
    }

    private static void print(int instances, DurabilityBenchmark.Creates result) {
        System.out.printf("| %d | %,d | %.1f | %,.0f | %.2f |%n", instances, result.created(), result.seconds(),
                result.created() / result.seconds(), result.cpuMillisPerCreate());
    }
}
