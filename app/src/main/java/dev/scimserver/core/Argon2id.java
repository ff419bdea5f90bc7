package dev.scimserver.core;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Argon2id (RFC 9106) through BouncyCastle, stored in the PHC string format:
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} (salt and hash in base64 without padding).
 * The parameters of a stored hash are read back from it, so a later change of the defaults leaves
 * the hashes already stored valid. See docs/ARCHITECTURE.md, "Passwords".
 */
public final class Argon2id implements PasswordHasher {
    /** OWASP's current minimum for Argon2id (Password Storage Cheat Sheet): 19 MiB, 2 passes, 1 lane. */
    public static final int OWASP_MEMORY_KIB = 19 * 1024;
    public static final int OWASP_ITERATIONS = 2;
    public static final int OWASP_PARALLELISM = 1;

    static final String PREFIX = "$argon2id$";
    private static final int VERSION = Argon2Parameters.ARGON2_VERSION_13; // 19
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
    /**
     * Hashes running at once, for the whole process: each holds its {@code m} KiB and a core for tens
     * of milliseconds, so a burst of creates with passwords queues here instead of taking the heap
     * (a thousand virtual threads would want 19 GB). Writers without a password never come here.
     */
    private static final Semaphore RUNNING = new Semaphore(THREADS);
    /**
     * Where a virtual thread's hash runs. Helidon serves each request on a virtual thread, and a
     * virtual thread that computes is never unmounted: two hashes would hold both carrier threads of
     * a 2-core machine, and every other request would wait for them (a plain POST took 1.6 s beside
     * eight clients posting passwords). Here the operating system shares the cores between the
     * hashes and the carriers, and the waiting request thread gives its carrier back.
     */
    private static final ExecutorService HASHING = Executors.newFixedThreadPool(THREADS,
            Thread.ofPlatform().name("scim-password-hash-", 1).daemon().factory());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Argon2id OWASP = new Argon2id(OWASP_MEMORY_KIB, OWASP_ITERATIONS, OWASP_PARALLELISM);

    private final int memoryKiB;
    private final int iterations;
    private final int parallelism;

    /** The server's hasher: OWASP's parameters. */
    public static Argon2id owasp() {
        return OWASP;
    }

    /** Other parameters: for tests that must hash many passwords quickly, never for the server. */
    public Argon2id(int memoryKiB, int iterations, int parallelism) {
        Phc.check(memoryKiB, iterations, parallelism);
        this.memoryKiB = memoryKiB;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    /** How many hashes run at this moment, in the whole process. */
    static int running() {
        return THREADS - RUNNING.availablePermits();
    }

    @Override
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, memoryKiB, iterations, parallelism, HASH_BYTES);
        return new Phc(memoryKiB, iterations, parallelism, salt, hash).toString();
    }

    @Override
    public boolean isHash(String text) {
        return Phc.parse(text) != null;
    }

    @Override
    public boolean verify(String password, String hash) {
        Phc stored = Phc.parse(hash);
        if (stored == null) {
            return false;
        }
        byte[] computed = derive(password, stored.salt(), stored.memoryKiB(), stored.iterations(), stored.parallelism(),
                stored.hash().length);
        return MessageDigest.isEqual(computed, stored.hash());
    }

    private static byte[] derive(String password, byte[] salt, int memoryKiB, int iterations, int parallelism, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(VERSION)
                .withMemoryAsKB(memoryKiB)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Callable<byte[]> work = () -> {
            byte[] secret = password.getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[length];
            RUNNING.acquireUninterruptibly();
            try {
                Argon2BytesGenerator generator = new Argon2BytesGenerator();
                generator.init(parameters);
                generator.generateBytes(secret, out);
            } finally {
                RUNNING.release();
                Arrays.fill(secret, (byte) 0);
            }
            return out;
        };
        if (!Thread.currentThread().isVirtual()) {
            // A platform thread (a restore's two threads, a test) is shared out by the operating system already.
            return call(work);
        }
        Future<byte[]> result = HASHING.submit(work);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the write goes on: it is tens of milliseconds from done
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static byte[] call(Callable<byte[]> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One hash in the PHC string format. {@link #parse} takes only what {@link #toString} writes
     * (version 19, the three parameters in this order, canonical unpadded base64) within sane
     * bounds, so a text that merely starts like a hash is not taken for one.
     */
    record Phc(int memoryKiB, int iterations, int parallelism, byte[] salt, byte[] hash) {
        private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
        private static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;
        private static final int MAX_ITERATIONS = 1000;
        private static final int MAX_PARALLELISM = 64;

        static void check(int memoryKiB, int iterations, int parallelism) {
            if (parallelism < 1 || parallelism > MAX_PARALLELISM || iterations < 1 || iterations > MAX_ITERATIONS
                    || memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
                throw new IllegalArgumentException("Argon2id parameters out of range: m=" + memoryKiB + ", t="
                        + iterations + ", p=" + parallelism);
            }
        }

        @Override
        public String toString() {
            return PREFIX + "v=" + VERSION + "$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism
                    + "$" + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(hash);
        }

        /** The hash this text is, or null when it is not one. */
        static Phc parse(String text) {
            if (text == null || !text.startsWith(PREFIX)) {
                return null;
            }
            String[] parts = text.substring(PREFIX.length()).split("\\$", -1);
            if (parts.length != 4 || !parts[0].equals("v=" + VERSION)) {
                return null;
            }
            String[] parameters = parts[1].split(",", -1);
            if (parameters.length != 3) {
                return null;
            }
            int m = number(parameters[0], "m=");
            int t = number(parameters[1], "t=");
            int p = number(parameters[2], "p=");
            byte[] salt = bytes(parts[2]);
            byte[] hash = bytes(parts[3]);
            if (m < 0 || t < 0 || p < 0 || salt == null || hash == null
                    || salt.length < 8 || salt.length > 64 || hash.length < 16 || hash.length > 64) {
                return null;
            }
            try {
                check(m, t, p);
            } catch (IllegalArgumentException e) {
                return null;
            }
            return new Phc(m, t, p, salt, hash);
        }

        /** The decimal after {@code key}, without sign or leading zero; -1 when it is not that. */
        private static int number(String text, String key) {
            if (!text.startsWith(key) || text.length() == key.length() || text.length() > key.length() + 9
                    || (text.charAt(key.length()) == '0' && text.length() > key.length() + 1)) {
                return -1;
            }
            int value = 0;
            for (int i = key.length(); i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                value = value * 10 + (c - '0');
            }
            return value;
        }

        private static byte[] bytes(String text) {
            try {
                byte[] decoded = Base64.getDecoder().decode(text);
                return ENCODER.encodeToString(decoded).equals(text) ? decoded : null;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
