package dev.scimserver.store.kit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * Runs writers on threads of their own, released together, and collects how each ended. The wait
 * for them is only a guard against a backend that deadlocks (the test then fails naming it); it is
 * minutes long and no test asserts how fast anything is.
 */
final class Parallel {
    private static final long HANG_MINUTES = 2;

    private Parallel() {
    }

    /** How one writer ended: its value, or what it threw. */
    record Outcome<T>(T value, Throwable failure) {
        boolean succeeded() {
            return failure == null;
        }
    }

    /** Runs {@code writers} tasks at once, task {@code i} made by {@code task.apply(i)}; their outcomes in that order. */
    static <T> List<Outcome<T>> run(int writers, IntFunction<Callable<T>> task) {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch ready = new CountDownLatch(writers);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                Callable<T> work = task.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return work.call();
                }));
            }
            if (!ready.await(HANG_MINUTES, TimeUnit.MINUTES)) {
                throw new AssertionError("the writer threads did not start");
            }
            go.countDown();
            List<Outcome<T>> outcomes = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    outcomes.add(new Outcome<>(future.get(HANG_MINUTES, TimeUnit.MINUTES), null));
                } catch (ExecutionException e) {
                    outcomes.add(new Outcome<>(null, e.getCause()));
                } catch (TimeoutException e) {
                    throw new AssertionError("a writer did not finish within " + HANG_MINUTES
                            + " minutes: the backend seems to deadlock", e);
                }
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    static <T> long successes(List<Outcome<T>> outcomes) {
        return outcomes.stream().filter(Outcome::succeeded).count();
    }

    /** Everything the writers threw. */
    static <T> List<Throwable> failures(List<Outcome<T>> outcomes) {
        return outcomes.stream().map(Outcome::failure).filter(f -> f != null).toList();
    }

    /** The failures that are not of the expected class: what a test reports when there are any. */
    static <T> List<Throwable> unexpected(List<Outcome<T>> outcomes, Class<? extends Throwable> expected) {
        return outcomes.stream().map(Outcome::failure)
                .filter(f -> f != null && !expected.isInstance(f)).toList();
    }
}
