package dev.scimserver.json;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link ValueChunks} against a plain list doing the same edits: every version reads back as the
 * list it stands for (by position, by walk, as an array), and older versions stay as they were
 * after newer ones were made from them.
 */
class ValueChunksTest {

    private static List<JsonValue> values(String prefix, int n) {
        List<JsonValue> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(Json.createValue(prefix + i));
        }
        return list;
    }

    private static void assertSame(ValueChunks chunks, List<JsonValue> expected) {
        assertThat(chunks.size()).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(chunks.get(i)).isSameAs(expected.get(i));
        }
        assertThat(chunks.toArray()).containsExactly(expected.toArray());
        List<JsonValue> walked = new ArrayList<>();
        chunks.iterator().forEachRemaining(walked::add);
        assertThat(walked).containsExactlyElementsOf(expected);
        List<JsonValue> visited = new ArrayList<>();
        chunks.forEach(visited::add);
        assertThat(visited).containsExactlyElementsOf(expected);
    }

    @Test
    void appendsFillTheLastChunkThenStartNewOnes() {
        List<JsonValue> model = values("a", ValueChunks.CHUNK - 3);
        ValueChunks chunks = ValueChunks.of(model);
        for (int round = 0; round < 5; round++) {
            List<JsonValue> more = values("r" + round + "-", round * 300 + 1);
            chunks = chunks.appending(more);
            model.addAll(more);
            assertSame(chunks, model);
        }
        assertThat(chunks.appending(List.of())).isSameAs(chunks);
    }

    @Test
    void removalsCopyOnlyWhatTheyTouchAndOldVersionsStay() {
        List<JsonValue> model = values("m", 3 * ValueChunks.CHUNK + 17);
        ValueChunks first = ValueChunks.of(model);
        // the first element, one in the middle of a chunk, a whole chunk, and the last
        List<Integer> doomed = new ArrayList<>(List.of(0, 700, model.size() - 1));
        for (int i = ValueChunks.CHUNK * 2; i < ValueChunks.CHUNK * 3; i++) {
            doomed.add(i);
        }
        ValueChunks second = first.without(doomed.stream().sorted().mapToInt(Integer::intValue).toArray());

        List<JsonValue> expected = new ArrayList<>();
        for (int i = 0; i < model.size(); i++) {
            if (!doomed.contains(i)) {
                expected.add(model.get(i));
            }
        }
        assertSame(second, expected);
        assertSame(first, model);
        assertThat(first.without(new int[0])).isSameAs(first);
        assertSame(first.without(java.util.stream.IntStream.range(0, model.size()).toArray()), List.of());
    }

    @Test
    void randomEditsReadBackAsTheModel() {
        Random random = new Random(20261129);
        List<JsonValue> model = values("s", random.nextInt(2000));
        ValueChunks chunks = ValueChunks.of(model);
        for (int round = 0; round < 300; round++) {
            if (random.nextBoolean() || model.isEmpty()) {
                List<JsonValue> more = values("x" + round + "-", random.nextInt(ValueChunks.CHUNK * 2));
                chunks = chunks.appending(more);
                model.addAll(more);
            } else {
                TreeSet<Integer> positions = new TreeSet<>();
                int n = 1 + random.nextInt(Math.min(model.size(), 40));
                while (positions.size() < n) {
                    positions.add(random.nextInt(model.size()));
                }
                chunks = chunks.without(positions.stream().mapToInt(Integer::intValue).toArray());
                for (int p : positions.descendingSet()) {
                    model.remove(p);
                }
            }
            assertThat(chunks.size()).isEqualTo(model.size());
            if (round % 30 == 0) {
                assertSame(chunks, model);
            }
        }
        assertSame(chunks, model);
    }

    @Test
    void outOfRangeReadsFailAsAListsWould() {
        ValueChunks chunks = ValueChunks.of(values("v", 3));
        assertThatThrownBy(() -> chunks.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> chunks.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        Iterator<JsonValue> walk = ValueChunks.of(List.of()).iterator();
        assertThat(walk.hasNext()).isFalse();
        assertThatThrownBy(walk::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void candidatesAreTheMembersWithAFittingHashAndEveryElementOfAChunkThatIsNotAllMembers() {
        List<JsonValue> members = new ArrayList<>();
        for (int i = 0; i < ValueChunks.CHUNK * 2; i++) {
            members.add(new MemberValue("ID-" + i, "User", null));
        }
        ValueChunks chunks = ValueChunks.of(members);
        int wanted = MemberValue.folded("id-700");
        int[] found = chunks.candidates(new int[] {wanted});
        assertThat(found).contains(700);
        for (int p : found) {
            assertThat(((MemberValue) chunks.get(p)).foldedHash()).isEqualTo(wanted);
        }

        ValueChunks removed = chunks.without(new int[] {700});
        assertThat(removed.candidates(new int[] {wanted})).doesNotContain(700);
        assertThat(removed.get(700)).isSameAs(members.get(701));

        ValueChunks mixed = chunks.appending(List.of(Json.createValue("not a member")));
        int[] withMixed = mixed.candidates(new int[] {wanted});
        assertThat(withMixed).contains(700, ValueChunks.CHUNK * 2);
        assertThat(chunks.candidates(new int[0])).isEmpty();
    }

    @Test
    void aRangeAndTheSharedHeadAndTailOfTwoVersions() {
        List<JsonValue> model = values("r", 3 * ValueChunks.CHUNK + 5);
        ValueChunks first = ValueChunks.of(model);
        Random random = new Random(7);
        for (int round = 0; round < 100; round++) {
            int from = random.nextInt(model.size() + 1);
            int to = from + random.nextInt(model.size() - from + 1);
            assertThat(first.toArray(from, to)).containsExactly(model.subList(from, to).toArray());
        }

        ValueChunks removedInSecondChunk = first.without(new int[] {ValueChunks.CHUNK + 3});
        int head = first.sharedHead(removedInSecondChunk);
        assertThat(head).isEqualTo(ValueChunks.CHUNK);
        assertThat(first.sharedTail(removedInSecondChunk, head)).isEqualTo(2 * ValueChunks.CHUNK + 5 - ValueChunks.CHUNK);

        ValueChunks appended = first.appending(values("n", 2));
        assertThat(first.sharedHead(appended)).isEqualTo(3 * ValueChunks.CHUNK);
        assertThat(first.sharedTail(appended, 3 * ValueChunks.CHUNK)).isZero();
        assertThat(first.sharedHead(first)).isEqualTo(model.size());
        assertThat(first.sharedTail(first, model.size())).isZero();
    }
}
