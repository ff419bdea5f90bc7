package dev.scimserver.bench;

import java.util.Arrays;

/** Entry point: {@code bin/bench <scenario> [args]}. Each scenario prints a Markdown table of its figures. */
public final class Benchmarks {
    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String scenario = args.length == 0 ? "search" : args[0];
        String[] rest = args.length == 0 ? new String[0] : Arrays.copyOfRange(args, 1, args.length);
        switch (scenario) {
            case "search" -> SearchBenchmark.run(rest);
            case "group" -> GroupBenchmark.run(rest);
            case "durability" -> DurabilityBenchmark.run(rest);
            case "fsync" -> FsyncBenchmark.run(rest);
            default -> {
                System.err.println("unknown scenario " + scenario + "; known: search, group, durability, fsync");
                System.exit(2);
            }
        }
    }
}
