package dev.scimserver.bench;

import java.util.Arrays;

/** Entry point: {@code bin/bench <scenario> [args]}. Each scenario prints a Markdown table of its figures. */
public final class Benchmarks {
    private Benchmarks() {
    }

    public static void main(String[] args) throws Throwable {
        String scenario = args.length == 0 ? "search" : args[0];
        String[] rest = args.length == 0 ? new String[0] : Arrays.copyOfRange(args, 1, args.length);
        switch (scenario) {
            case "search" -> SearchBenchmark.run(rest);
            case "group" -> GroupBenchmark.run(rest);
            case "durability" -> DurabilityBenchmark.run(rest);
            case "h2" -> {
                // The figures issue 6 asks of the H2 backend, each from a fresh database.
                System.setProperty(InProcessServer.BACKEND_PROPERTY, "h2");
                String users = rest.length > 0 ? rest[0] : "100000";
                SearchBenchmark.run(new String[] {users});
                GroupBenchmark.run(new String[] {users});
                DurabilityBenchmark.createThroughput("h2 (a commit per write)", rest.length > 1 ? Integer.parseInt(rest[1]) : 10);
            }
            case "postgres" -> {
                // Issue 15's figures, each from a fresh schema of the database bin/bench starts.
                System.setProperty(InProcessServer.BACKEND_PROPERTY, "postgres");
                String users = rest.length > 0 ? rest[0] : "100000";
                SearchBenchmark.run(new String[] {users});
                GroupBenchmark.run(new String[] {users});
                InstancesBenchmark.run(rest.length > 1 ? Integer.parseInt(rest[1]) : 10);
            }
            case "instances" -> {
                System.setProperty(InProcessServer.BACKEND_PROPERTY, "postgres");
                InstancesBenchmark.run(rest.length > 0 ? Integer.parseInt(rest[0]) : 10);
            }
            case "fsync" -> FsyncBenchmark.run(rest);
            case "checksum" -> ChecksumBenchmark.run(rest);
            case "restore" -> DurabilityBenchmark.restoreOnly(rest);
            case "passwords" -> PasswordBenchmark.run(rest);
            case "bulk" -> BulkBenchmark.run(rest);
            case "bulk-members" -> BulkMembersBenchmark.run(rest);
            case "crowded" -> CrowdedBenchmark.run(rest);
            default -> {
                System.err.println("unknown scenario " + scenario + "; known: search, group, durability, restore, passwords, fsync, checksum, h2, postgres, instances, crowded, bulk, bulk-members");
                System.exit(2);
            }
        }
    }
}
