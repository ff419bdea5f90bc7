package dev.scimserver.bench;

import java.util.Arrays;

/** Collected durations in nanoseconds, reported as percentiles in milliseconds. */
final class Latencies {
    private long[] samples = new long[1024];
    private int size;

    void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    int count() {
        return size;
    }

    double percentileMillis(double p) {
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int index = (int) Math.min(size - 1, Math.max(0, Math.ceil(p / 100.0 * size) - 1));
        return sorted[index] / 1_000_000.0;
    }

    String row(String name) {
        return String.format("| %s | %d | %.3f | %.3f | %.3f |", name, size, percentileMillis(50), percentileMillis(90),
                percentileMillis(99));
    }

    static String header() {
        return "| measurement | samples | p50 ms | p90 ms | p99 ms |\n|---|---|---|---|---|";
    }
}
