package dev.scimserver.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Makes committed transactions durable before they are acknowledged, with group commit.
 *
 * <p>H2 keeps a commit in memory and writes it out up to {@code WRITE_DELAY} later, so a killed
 * process would lose acknowledged writes. Writing on every commit ({@code WRITE_DELAY=0}) stops H2's
 * background housekeeping, and its file grew by about 300 KB per create. Instead, a writer calls
 * {@link #await()} after its commit. One {@code CHECKPOINT} then writes out every commit made before it
 * started, and writers that arrive meanwhile share the next one. With {@code fsync} it is
 * {@code CHECKPOINT SYNC} and also survives a power loss; without it, a killed process.
 */
final class Checkpoints implements AutoCloseable {
    private final ReentrantLock running = new ReentrantLock();
    private final Object counters = new Object();
    private final String statement;
    private final Connection connection;
    private long requested;
    private long completed;
    /** Inside {@link #together}: whether a commit of this thread waits for the checkpoint at its end. */
    private final ThreadLocal<boolean[]> deferred = new ThreadLocal<>();

    private Checkpoints(Connection connection, boolean fsync) {
        this.connection = connection;
        this.statement = fsync ? "CHECKPOINT SYNC" : "CHECKPOINT";
    }

    /** Checkpoints for an H2 file database; null where a commit is durable by itself (or nothing is). */
    static Checkpoints forUrl(String url, String user, String password, boolean fsync) throws SQLException {
        if (!JdbcBackends.isH2(url) || JdbcBackends.isH2InMemory(url)) {
            return null;
        }
        return new Checkpoints(DriverManager.getConnection(url, user, password), fsync);
    }

    /** Returns once every transaction committed before the call is written out. */
    void await() {
        long mine;
        synchronized (counters) {
            mine = ++requested;
        }
        running.lock();
        try {
            long upTo;
            synchronized (counters) {
                if (completed >= mine) {
                    return; // a checkpoint that started after our commit has finished
                }
                upTo = requested;
            }
            try (Statement checkpoint = connection.createStatement()) {
                checkpoint.execute(statement);
            }
            synchronized (counters) {
                completed = upTo;
            }
        } catch (SQLException e) {
            throw new DatabaseException("cannot write the committed changes to disk", e);
        } finally {
            running.unlock();
        }
    }

    /** {@link #await()}, or inside {@link #together}: notes that its end waits instead. */
    void awaitOrDefer() {
        boolean[] deferred = this.deferred.get();
        if (deferred != null) {
            deferred[0] = true;
        } else {
            await();
        }
    }

    /** Runs writes whose commits wait for one checkpoint at the end, after they ran (or threw). */
    <T> T together(Supplier<T> writes) {
        if (deferred.get() != null) {
            return writes.get();
        }
        boolean[] waits = {false};
        deferred.set(waits);
        try {
            return writes.get();
        } finally {
            deferred.remove();
            if (waits[0]) {
                await();
            }
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // Shutting down.
        }
    }
}
