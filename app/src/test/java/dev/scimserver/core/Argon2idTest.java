package dev.scimserver.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stored form of passwords: Argon2id in the PHC string format. */
class Argon2idTest {
    /** Small parameters, so the tests that hash often stay fast; the format is the same. */
    static final Argon2id FAST = new Argon2id(64, 1, 1);

    @Test
    void theServersHashHasOwaspsParametersInThePhcFormat() {
        String hash = Argon2id.owasp().hash("Secret-Passw0rd-XYZ");

        assertThat(hash).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(Argon2id.owasp().verify("Secret-Passw0rd-XYZ", hash)).isTrue();
        assertThat(Argon2id.owasp().verify("Secret-Passw0rd-XYz", hash)).isFalse();
    }

    @Test
    void hashingAndVerifyingRoundTrip() {
        String hash = FAST.hash("t1meMa$heen");

        assertThat(FAST.verify("t1meMa$heen", hash)).isTrue();
        assertThat(FAST.verify("t1meMa$hee", hash)).isFalse();
        assertThat(FAST.verify("", hash)).isFalse();
        assertThat(FAST.verify("t1meMa$heen", "t1meMa$heen")).isFalse(); // a cleartext is no hash
        assertThat(FAST.verify("", FAST.hash(""))).isTrue();
        assertThat(FAST.verify("pässwörd ☃", FAST.hash("pässwörd ☃"))).isTrue(); // UTF-8
    }

    @Test
    void thePhcStringParsesBackToItsParametersSaltAndHash() {
        String hash = new Argon2id(256, 3, 2).hash("x");

        Argon2id.Phc phc = Argon2id.Phc.parse(hash);

        assertThat(phc).isNotNull();
        assertThat(phc.memoryKiB()).isEqualTo(256);
        assertThat(phc.iterations()).isEqualTo(3);
        assertThat(phc.parallelism()).isEqualTo(2);
        assertThat(phc.salt()).hasSize(16);
        assertThat(phc.hash()).hasSize(32);
        assertThat(phc.toString()).isEqualTo(hash);
    }

    @Test
    void aHashVerifiesWithItsOwnParametersWhateverTheHashersAre() {
        // Parameters can change later: a stored hash carries those it was made with.
        String old = FAST.hash("s3cret");

        assertThat(Argon2id.owasp().verify("s3cret", old)).isTrue();
        assertThat(Argon2id.owasp().isHash(old)).isTrue();
    }

    @Test
    void theSamePasswordTwiceGivesTwoHashes() {
        String first = FAST.hash("same");
        String second = FAST.hash("same");

        assertThat(first).isNotEqualTo(second);
        assertThat(Argon2id.Phc.parse(first).salt()).isNotEqualTo(Argon2id.Phc.parse(second).salt());
        assertThat(FAST.verify("same", first)).isTrue();
        assertThat(FAST.verify("same", second)).isTrue();
    }

    @Test
    void aWellFormedHashIsAHash() {
        assertThat(FAST.isHash(FAST.hash("x"))).isTrue();
        // The one the cases below spoil, each in one way.
        assertThat(FAST.isHash("$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$%sg".formatted("q".repeat(42)))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "password",
            "$argon2id$",
            "$argon2id$v=19$m=19456,t=2,p=1$",
            "$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqg",
            "$argon2id$v=16$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqg",
            "$argon2id$v=19$t=2,m=19456,p=1$c29tZXNhbHRzb21lc2FsdA$qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqg",
            "$argon2id$v=19$m=019456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqg",
            "$argon2id$v=19$m=19456,t=0,p=1$c29tZXNhbHRzb21lc2FsdA$qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqg",
            "$argon2id$v=19$m=99999999,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqg",
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA==$qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqg",
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZQ$qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqg",
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$qqqq",
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqg$",
            "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRz*21lc2FsdA$qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqg",
            " $argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqg",
    })
    void aTextThatOnlyLooksLikeAHashIsNone(String text) {
        assertThat(FAST.isHash(text)).isFalse();
        assertThat(FAST.verify("x", text)).isFalse();
    }

    @Test
    void parametersOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new Argon2id(4, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Argon2id(64, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Argon2id(64, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Helidon serves requests on virtual threads. Hashes asked for there run on platform threads of
     * their own, so they never hold every carrier thread: while as many slow hashes run as there are
     * carriers, a virtual thread with a little work still gets one at once.
     */
    @Test
    void hashesOfVirtualThreadsLeaveTheCarrierThreadsFree() throws Exception {
        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());
        Argon2id warm = new Argon2id(1024, 1, 1);
        for (int i = 0; i < 20; i++) {
            warm.hash("the JIT first"); // so that the slow hashes below take about half a second each
        }
        Argon2id slow = new Argon2id(Argon2id.OWASP_MEMORY_KIB, 30, 1);
        try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> hashes = new ArrayList<>();
            for (int i = 0; i < carriers; i++) {
                hashes.add(virtual.submit(() -> slow.hash("slow")));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Argon2id.running() < carriers && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(Argon2id.running()).as("hashes running").isEqualTo(carriers);

            Future<String> other = virtual.submit(() -> "served");

            assertThat(other.get(250, TimeUnit.MILLISECONDS)).isEqualTo("served");
            assertThat(hashes).as("still hashing").anyMatch(h -> !h.isDone());
            for (Future<String> hash : hashes) {
                assertThat(hash.get()).startsWith("$argon2id$v=19$m=19456,t=30,p=1$");
            }
        }
    }
}
