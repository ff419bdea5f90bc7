package dev.scimserver.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The connection a request arrived on, for what a handler cannot ask of Helidon: to close it after
 * the response, and to end a request whose client stalls. Helidon reads an HTTP/1 connection's
 * requests on one thread, which also runs their routing, so the connection is kept in a
 * thread-local, set each time a request line has been read (and gone with the thread when the
 * connection ends).
 *
 * <p>Helidon bounds idle connections between requests, but not a request that arrives slowly: a
 * client trickling its headers, or sending less body than it announced, held its connection (and
 * its thread) for ever. Each request therefore gets the read timeout to deliver its headers, and
 * its body when a handler reads one; past that it is answered 408 and the connection is closed.
 */
final class Connections implements Http1ConnectionListener {
    private static final ThreadLocal<Current> CURRENT = new ThreadLocal<>();
    private static final ThreadLocal<Deadline> HEADERS = new ThreadLocal<>();
    /** The requests waiting for their client now; a request is due at most a sweep late. */
    private static final Set<Deadline> PENDING = ConcurrentHashMap.newKeySet();
    private static final long SWEEP_MILLIS = 250;
    private static final Thread SWEEPER = sweeper();

    private final long timeoutNanos;

    Connections(Duration readTimeout) {
        this.timeoutNanos = readTimeout.toNanos();
    }

    /** The request under way on this thread's connection. */
    private record Current(ConnectionContext ctx, Connections owner) {
    }

    /** One wait for the client; whoever claims it first (the reader or the sweeper) settles it. */
    static final class Deadline {
        private final AtomicBoolean settled = new AtomicBoolean();
        private final ConnectionContext ctx;
        private final String detail;
        private final long dueNanos;

        private Deadline(ConnectionContext ctx, String detail, long dueNanos) {
            this.ctx = ctx;
            this.detail = detail;
            this.dueNanos = dueNanos;
        }

        /** True when the client delivered in time; false when the sweeper already answered and closed. */
        boolean met() {
            if (ctx == null) {
                return true;
            }
            PENDING.remove(this);
            return settled.compareAndSet(false, true);
        }
    }

    /** For a server without this listener (tests that build only the routing): no deadline. */
    private static final Deadline NONE = new Deadline(null, null, 0);

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        CURRENT.set(new Current(ctx, this));
        HEADERS.set(start(ctx, "The request headers did not arrive within the read timeout"));
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        Deadline pending = HEADERS.get();
        if (pending != null) {
            pending.met();
            HEADERS.remove();
        }
    }

    /**
     * Says {@code Connection: close} in the response and closes the connection of the request being
     * handled on this thread once the response is sent (Helidon 4.5 says it and keeps the socket open).
     */
    static void closeAfter(ServerResponse res) {
        res.header(HeaderNames.CONNECTION, "close");
        Current current = CURRENT.get();
        if (current != null) {
            res.whenSent(() -> current.ctx().serverSocket().close());
        }
    }

    /** A deadline for reading this thread's request body; {@link Deadline#met()} once it is read. */
    static Deadline body() {
        Current current = CURRENT.get();
        return current == null ? NONE : current.owner().start(current.ctx(), "The request body did not arrive within the read timeout");
    }

    /**
     * A deadline, swept by one thread a few times a second rather than scheduled one by one: two
     * concurrent-map operations per request cost less than a timer queue shared by every request.
     */
    private Deadline start(ConnectionContext ctx, String detail) {
        Deadline deadline = new Deadline(ctx, detail, System.nanoTime() + timeoutNanos);
        PENDING.add(deadline);
        return deadline;
    }

    private static void sweep() {
        long now = System.nanoTime();
        for (Deadline deadline : PENDING) {
            if (now - deadline.dueNanos >= 0 && deadline.settled.compareAndSet(false, true)) {
                PENDING.remove(deadline);
                expire(deadline.ctx, deadline.detail);
            }
        }
    }

    /** 408 (RFC 9110 §15.5.9) written straight to the socket, since the request's own thread is stuck reading. */
    private static void expire(ConnectionContext ctx, String detail) {
        try {
            byte[] body = ScimResponses.bytes(ScimResponses.error(408, null, detail + "; send the whole request without pausing"));
            byte[] head = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: " + ScimResponses.SCIM_JSON
                    + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            ctx.dataWriter().writeNow(BufferData.create(head));
            ctx.dataWriter().writeNow(BufferData.create(body));
        } catch (RuntimeException e) {
            // The client may be gone already; closing is what matters.
        } finally {
            ctx.serverSocket().close();
        }
    }

    private static Thread sweeper() {
        Thread thread = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(SWEEP_MILLIS);
                    sweep();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // One connection's failure to close must not end the sweeping of the others.
                }
            }
        }, "scim-request-deadlines");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
