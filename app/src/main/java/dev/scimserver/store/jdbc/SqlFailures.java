package dev.scimserver.store.jdbc;

import dev.scimserver.error.ScimException;

import java.sql.SQLException;
import java.time.Duration;

/**
 * What a failed statement of a request is answered with: a SCIM error where the database said why
 * (a 503 that may be sent again, a 400 the client must change), else a {@link DatabaseException}
 * (a 500, logged).
 */
final class SqlFailures {
    /** Seconds a client is asked to wait before it sends a request again that a lost database refused. */
    static final int RETRY_AFTER_SECONDS = 5;

    private static final System.Logger LOG = System.getLogger(SqlFailures.class.getName());
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    private final Duration queryTimeout;
    /** When the last "cannot be reached" line was logged: one per 10 s, not one per request. */
    private final java.util.concurrent.atomic.AtomicLong lastLostLog = new java.util.concurrent.atomic.AtomicLong(
            System.nanoTime() - LOG_EVERY_NANOS);

    /** @param queryTimeout how long one statement may run; for the messages of those it stops */
    SqlFailures(Duration queryTimeout) {
        this.queryTimeout = queryTimeout;
    }

    /**
     * A statement stopped by the query timeout, or a row lock that stayed taken past the lock
     * timeout: 503, the request itself may be fine, its transaction was rolled back, so nothing of it
     * was written and it can be sent again. A database that cannot be reached (it stopped, restarted,
     * or every connection stayed busy): 503 with {@code Retry-After}; the pool opens new connections
     * when it is back, so the server recovers by itself. Text the database cannot store (PostgreSQL
     * refuses the character U+0000): 400. Anything else is a failure of the server.
     */
    RuntimeException of(String what, SQLException e) {
        if (SqlStates.isQueryTimeout(e)) {
            return ScimException.unavailable("The database did not finish this request within " + seconds()
                    + " (the server's limit for one database query, scim.backend.query-timeout), so it was stopped"
                    + " and nothing of it was written. Try again later", 1);
        }
        if (SqlStates.isLockTimeout(e)) {
            return ScimException.unavailable("The resource stayed locked by other writes for too long, so this"
                    + " request was stopped and nothing of it was written. Try again later", 1);
        }
        if (SqlStates.isConnectionLost(e)) {
            long now = System.nanoTime();
            long last = lastLostLog.get();
            if (now - last >= LOG_EVERY_NANOS && lastLostLog.compareAndSet(last, now)) {
                LOG.log(System.Logger.Level.WARNING, "the database cannot be reached (" + what + "): " + e.getMessage()
                        + "; requests are answered 503 until it is back");
            }
            return ScimException.unavailable("The database cannot be reached (it is down, restarting, or busy"
                    + " with other requests). Send the request again after " + RETRY_AFTER_SECONDS + " s; a write"
                    + " whose answer was lost may have been done, so read before you repeat a create",
                    RETRY_AFTER_SECONDS);
        }
        if (SqlStates.isUnstorableText(e)) {
            return ScimException.invalidValue("A value holds a character the database cannot store (PostgreSQL"
                    + " stores no U+0000 in text); remove it and send the request again");
        }
        return new DatabaseException(what, e);
    }

    /**
     * A search the database stopped at the query timeout. 400 with scimType {@code tooMany}: RFC 7644
     * §3.12 has no type for "too expensive", and tooMany ("the specified filter yields many more
     * results than the server is willing to calculate or process") is the nearest, and a 4xx says
     * what is true: the same request would be stopped again, so the client should narrow it, not
     * retry it. (A 503 would invite a provisioning client to send it again and again, each time
     * holding a core for the whole timeout.) Never a 500: the server did what it was set to do.
     */
    ScimException tooExpensive() {
        return new ScimException(400, "tooMany", "The search was stopped after " + seconds()
                + " (the server's limit for one database query, scim.backend.query-timeout): it is too expensive"
                + " to compute. Narrow the filter, sort by another attribute, or ask for fewer resources");
    }

    private String seconds() {
        long millis = queryTimeout.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
