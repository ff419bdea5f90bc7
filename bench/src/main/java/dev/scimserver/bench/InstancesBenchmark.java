package dev.scimserver.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 15's last figure: create throughput of 16 HTTP clients against one server process on a
 * PostgreSQL schema, then split across two server processes on one schema, in turns in one run.
 * The servers are started as a person starts them ({@code dev.scimserver.Main --backend postgres}),
 * each a JVM of its own; they, this driver and PostgreSQL share the machine's cores.
 */
final class InstancesBenchmark {
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

    private InstancesBenchmark() {
    }

    static void run(int seconds) throws Exception {
        System.out.printf("%n## instances: creates with 16 clients, one server process and two on one database (%d s each,"
                + " after %d s of warm-up)%n%n", seconds, seconds);
        System.out.println("| server processes | creates | seconds | creates/s |");
        System.out.println("|---|---|---|---|");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int instances = 1; instances <= 2; instances++) {
            String url = InProcessServer.newPostgresSchema();
            List<Process> servers = new ArrayList<>();
            try {
                List<String> bases = new ArrayList<>();
                for (int i = 0; i < instances; i++) {
                    Process server = start(url);
                    servers.add(server);
                    bases.add("http://127.0.0.1:" + port(server));
                }
                DurabilityBenchmark.creates(bases, client, seconds); // the servers' JIT warms up
                DurabilityBenchmark.Creates result = DurabilityBenchmark.creates(bases, client, seconds);
                System.out.printf("| %d | %,d | %.1f | %,.0f |%n", instances, result.created(), result.seconds(),
                        result.created() / result.seconds());
            } finally {
                for (Process server : servers) {
                    server.destroy();
                    server.waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static Process start(String url) throws IOException {
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx2g", "-cp",
                System.getProperty("java.class.path"), "dev.scimserver.Main", "--port", "0", "--backend", "postgres",
                "--jdbc-url", url);
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Reads the server's stdout until it says where it listens; the rest of its output is drained. */
    private static int port(Process server) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // the server's later output: not part of the figure
                        }
                    } catch (IOException e) {
                        // the server stopped
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IllegalStateException("a server process stopped before it listened");
    }
}
