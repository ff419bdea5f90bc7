package dev.scimserver.json;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ArrayDiff}: the elements one list has that the other lacks, by object identity. Whatever
 * alignment it guesses, the multiset law must hold (before − removed + added == after, by identity),
 * and past {@link ArrayDiff#LIMIT} changes it must give up with null rather than a partial answer.
 */
class ArrayDiffTest {

    /** Distinct objects: two calls with the same text are equal but not the same element. */
    private static JsonValue v(String text) {
        return Json.createValue(text);
    }

    private static List<JsonValue> values(String prefix, int n) {
        List<JsonValue> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(v(prefix + i));
        }
        return list;
    }

    private static List<JsonValue> list(JsonValue... values) {
        return new ArrayList<>(List.of(values));
    }

    /** Counts by identity: how often each object occurs. */
    private static Map<JsonValue, Integer> counts(List<JsonValue> values) {
        Map<JsonValue, Integer> counts = new IdentityHashMap<>();
        for (JsonValue value : values) {
            counts.merge(value, 1, Integer::sum);
        }
        return counts;
    }

    /** before − removed + added == after, as multisets by identity; removed ⊆ before and added ⊆ after. */
    private static void assertMultisetLaw(List<JsonValue> before, List<JsonValue> after, ArrayDiff diff) {
        assertThat(diff).isNotNull();
        assertThat(diff.removed()).doesNotContainNull();
        assertThat(diff.added()).doesNotContainNull();
        Map<JsonValue, Integer> counts = counts(before);
        for (JsonValue removed : diff.removed()) {
            Integer count = counts.get(removed);
            assertThat(count).as("removed %s is an element of before (by identity, counted)", removed).isNotNull().isPositive();
            if (count == 1) {
                counts.remove(removed);
            } else {
                counts.put(removed, count - 1);
            }
        }
        for (JsonValue added : diff.added()) {
            counts.merge(added, 1, Integer::sum);
        }
        Map<JsonValue, Integer> expected = counts(after);
        assertThat(counts).as("before - removed + added == after (identity multisets)").isEqualTo(expected);
        Map<JsonValue, Integer> inAfter = counts(after);
        for (JsonValue added : diff.added()) {
            assertThat(inAfter).as("added %s is an element of after", added).containsKey(added);
        }
    }

    private static boolean containsSame(List<JsonValue> values, JsonValue wanted) {
        return values.stream().anyMatch(x -> x == wanted);
    }

    @Test
    void identicalListsHaveAnEmptyDiff() {
        List<JsonValue> before = values("m", 10);

        ArrayDiff same = ArrayDiff.of(before, before);
        ArrayDiff copy = ArrayDiff.of(before, new ArrayList<>(before));

        for (ArrayDiff diff : List.of(same, copy)) {
            assertThat(diff).isNotNull();
            assertThat(diff.removed()).isEmpty();
            assertThat(diff.added()).isEmpty();
        }
    }

    @Test
    void aLargeListWithOneChangeGivesThatChangeOnly() {
        List<JsonValue> before = values("m", 100_000);
        List<JsonValue> removed = new ArrayList<>(before);
        JsonValue gone = removed.remove(50_000);
        List<JsonValue> appended = new ArrayList<>(before);
        JsonValue fresh = v("new");
        appended.add(fresh);
        List<JsonValue> replaced = new ArrayList<>(before);
        JsonValue replacement = v("r");
        JsonValue old = replaced.set(70_000, replacement);

        ArrayDiff removal = ArrayDiff.of(before, removed);
        ArrayDiff addition = ArrayDiff.of(before, appended);
        ArrayDiff replacing = ArrayDiff.of(before, replaced);

        assertMultisetLaw(before, removed, removal);
        assertThat(removal.removed()).singleElement().isSameAs(gone);
        assertThat(removal.added()).isEmpty();
        assertMultisetLaw(before, appended, addition);
        assertThat(addition.removed()).isEmpty();
        assertThat(addition.added()).singleElement().isSameAs(fresh);
        assertMultisetLaw(before, replaced, replacing);
        assertThat(replacing.removed()).singleElement().isSameAs(old);
        assertThat(replacing.added()).singleElement().isSameAs(replacement);
    }

    /** Whatever ArrayDiff answers for a removal in the middle plus an append, the answer is right (or it gives up). */
    @Test
    void aRemovalInTheMiddlePlusAnAppendKeepsTheLawOrGivesUp() {
        List<JsonValue> before = values("m", 1_000);
        List<JsonValue> after = new ArrayList<>(before);
        after.remove(500);
        after.add(v("new"));

        ArrayDiff diff = ArrayDiff.of(before, after);

        if (diff != null) {
            assertMultisetLaw(before, after, diff);
        }
    }

    /**
     * A member removed and another added in one PATCH (Entra ID sends both in one request) is a
     * two-element change; the equal-length rule reads it as a run of in-place replacements from the
     * removal to the end, so on a large list the diff gives up and every caller takes its O(n) path.
     */
    @Test
    void aRemovalInTheMiddlePlusAnAppendIsFoundOnALargeList() {
        List<JsonValue> before = values("m", 100_000);
        List<JsonValue> after = new ArrayList<>(before);
        JsonValue gone = after.remove(50_000);
        JsonValue fresh = v("new");
        after.add(fresh);

        ArrayDiff diff = ArrayDiff.of(before, after);

        assertMultisetLaw(before, after, diff);
        assertThat(diff.removed()).singleElement().isSameAs(gone);
        assertThat(diff.added()).singleElement().isSameAs(fresh);
    }

    @Test
    void equalButNotIdenticalElementsCountAsChanged() {
        List<JsonValue> before = list(v("a"), v("b"));
        List<JsonValue> after = list(before.get(0), v("b"));

        ArrayDiff diff = ArrayDiff.of(before, after);

        assertMultisetLaw(before, after, diff);
        assertThat(diff.removed()).singleElement().isSameAs(before.get(1));
        assertThat(diff.added()).singleElement().isSameAs(after.get(1));
    }

    @Test
    void anAppendAtTheEndIsOneAddition() {
        List<JsonValue> before = values("m", 5);
        List<JsonValue> after = new ArrayList<>(before);
        JsonValue fresh = v("new");
        after.add(fresh);

        ArrayDiff diff = ArrayDiff.of(before, after);

        assertMultisetLaw(before, after, diff);
        assertThat(diff.removed()).isEmpty();
        assertThat(diff.added()).singleElement().isSameAs(fresh);
    }

    @Test
    void severalAppendsAtTheEndAreAdditionsInOrder() {
        List<JsonValue> before = values("m", 5);
        List<JsonValue> fresh = values("n", 3);
        List<JsonValue> after = new ArrayList<>(before);
        after.addAll(fresh);

        ArrayDiff diff = ArrayDiff.of(before, after);

        assertMultisetLaw(before, after, diff);
        assertThat(diff.removed()).isEmpty();
        assertThat(diff.added()).containsExactlyElementsOf(fresh);
    }

    @Test
    void anInsertionAtTheStartIsOneAddition() {
        List<JsonValue> before = values("m", 5);
        List<JsonValue> after = new ArrayList<>(before);
        JsonValue fresh = v("new");
        after.addFirst(fresh);

        ArrayDiff diff = ArrayDiff.of(before, after);

        assertMultisetLaw(before, after, diff);
        assertThat(diff.removed()).isEmpty();
        assertThat(diff.added()).singleElement().isSameAs(fresh);
    }

    @ParameterizedTest(name = "removal at {0}")
    @ValueSource(ints = {0, 1, 3, 5, 8, 9})
    void aRemovalIsOneRemoval(int index) {
        List<JsonValue> before = values("m", 10);
        List<JsonValue> after = new ArrayList<>(before);
        JsonValue gone = after.remove(index);

        ArrayDiff diff = ArrayDiff.of(before, after);

        assertMultisetLaw(before, after, diff);
        assertThat(diff.added()).isEmpty();
        assertThat(diff.removed()).singleElement().isSameAs(gone);
    }

    @Test
    void removalsAtTheStartMiddleAndEndOfOneList() {
        List<JsonValue> before = values("m", 10);
        List<JsonValue> after = new ArrayList<>(before);
        after.remove(9);
        after.remove(5);
        after.remove(0);

        ArrayDiff diff = ArrayDiff.of(before, after);

        assertMultisetLaw(before, after, diff);
        assertThat(diff.added()).isEmpty();
        assertThat(diff.removed()).containsExactly(before.get(0), before.get(5), before.get(9));
    }

    @ParameterizedTest(name = "replacement at {0}")
    @ValueSource(ints = {0, 4, 9})
    void aReplacementInPlaceIsOneRemovalAndOneAddition(int index) {
        List<JsonValue> before = values("m", 10);
        List<JsonValue> after = new ArrayList<>(before);
        JsonValue fresh = v("new");
        JsonValue gone = after.set(index, fresh);

        ArrayDiff diff = ArrayDiff.of(before, after);

        assertMultisetLaw(before, after, diff);
        assertThat(diff.removed()).singleElement().isSameAs(gone);
        assertThat(diff.added()).singleElement().isSameAs(fresh);
    }

    @Test
    void severalChangesAtOnce() {
        List<JsonValue> before = values("m", 20);
        List<JsonValue> after = new ArrayList<>(before);
        JsonValue replacement = v("r");
        JsonValue inserted = v("i");
        JsonValue appended = v("a");
        after.set(2, replacement);
        after.remove(10);
        after.add(15, inserted);
        after.add(appended);

        ArrayDiff diff = ArrayDiff.of(before, after);

        assertMultisetLaw(before, after, diff);
        assertThat(containsSame(diff.removed(), before.get(2))).isTrue();
        assertThat(containsSame(diff.removed(), before.get(10))).isTrue();
        assertThat(containsSame(diff.added(), replacement)).isTrue();
        assertThat(containsSame(diff.added(), inserted)).isTrue();
        assertThat(containsSame(diff.added(), appended)).isTrue();
        assertThat(diff.removed().size() + diff.added().size()).isLessThanOrEqualTo(ArrayDiff.LIMIT);
    }

    @Test
    void aSwapMayListAnElementAsBothRemovedAndAddedButKeepsTheLaw() {
        JsonValue a = v("a");
        JsonValue b = v("b");
        JsonValue c = v("c");
        List<JsonValue> before = list(a, b, c);
        List<JsonValue> after = list(a, c, b);

        ArrayDiff diff = ArrayDiff.of(before, after);

        assertMultisetLaw(before, after, diff);
        assertThat(containsSame(diff.removed(), a)).as("a did not move").isFalse();
        assertThat(containsSame(diff.added(), a)).as("a did not move").isFalse();
    }

    @Test
    void aReversalKeepsTheLaw() {
        List<JsonValue> before = values("m", 8);
        List<JsonValue> after = new ArrayList<>(before);
        Collections.reverse(after);

        assertMultisetLaw(before, after, ArrayDiff.of(before, after));
    }

    @Test
    void theSameObjectTwiceInAListIsCountedTwice() {
        JsonValue a = v("a");
        JsonValue b = v("b");
        List<JsonValue> before = list(a, a, b);
        List<JsonValue> after = list(a, b);

        ArrayDiff diff = ArrayDiff.of(before, after);

        assertMultisetLaw(before, after, diff);
        assertThat(diff.removed()).singleElement().isSameAs(a);
        assertThat(diff.added()).isEmpty();
    }

    @Test
    void emptyLists() {
        List<JsonValue> some = values("m", 3);

        ArrayDiff none = ArrayDiff.of(List.of(), List.of());
        ArrayDiff fromEmpty = ArrayDiff.of(List.of(), some);
        ArrayDiff toEmpty = ArrayDiff.of(some, List.of());

        assertThat(none.removed()).isEmpty();
        assertThat(none.added()).isEmpty();
        assertMultisetLaw(List.of(), some, fromEmpty);
        assertThat(fromEmpty.removed()).isEmpty();
        assertThat(fromEmpty.added()).containsExactlyElementsOf(some);
        assertMultisetLaw(some, List.of(), toEmpty);
        assertThat(toEmpty.removed()).containsExactlyElementsOf(some);
        assertThat(toEmpty.added()).isEmpty();
    }

    @Test
    void exactlyLimitChangesIsStillADiff() {
        List<JsonValue> before = values("m", 100);
        List<JsonValue> appended = new ArrayList<>(before);
        appended.addAll(values("n", ArrayDiff.LIMIT));
        List<JsonValue> replaced = new ArrayList<>(before);
        for (int i = 0; i < ArrayDiff.LIMIT / 2; i++) {
            replaced.set(10 + i, v("r" + i));
        }

        ArrayDiff appendDiff = ArrayDiff.of(before, appended);
        ArrayDiff replaceDiff = ArrayDiff.of(before, replaced);

        assertMultisetLaw(before, appended, appendDiff);
        assertThat(appendDiff.added()).hasSize(ArrayDiff.LIMIT);
        assertMultisetLaw(before, replaced, replaceDiff);
        assertThat(replaceDiff.removed().size() + replaceDiff.added().size()).isEqualTo(ArrayDiff.LIMIT);
    }

    @Test
    void moreThanLimitChangesIsNull() {
        List<JsonValue> before = values("m", 200);

        List<JsonValue> appended = new ArrayList<>(before);
        appended.addAll(values("n", ArrayDiff.LIMIT + 1));
        List<JsonValue> truncated = new ArrayList<>(before.subList(0, 200 - ArrayDiff.LIMIT - 1));
        List<JsonValue> replacedInPlace = new ArrayList<>(before);
        for (int i = 0; i <= ArrayDiff.LIMIT / 2; i++) {
            replacedInPlace.set(50 + i, v("r" + i));
        }
        List<JsonValue> scattered = new ArrayList<>(before);
        for (int i = 0; i < ArrayDiff.LIMIT + 1; i++) {
            scattered.set(i * 3, v("s" + i));
        }
        List<JsonValue> rebuilt = values("m", 200); // equal values, all new objects (a PUT)

        assertThat(ArrayDiff.of(before, appended)).isNull();
        assertThat(ArrayDiff.of(before, truncated)).isNull();
        assertThat(ArrayDiff.of(before, replacedInPlace)).isNull();
        assertThat(ArrayDiff.of(before, scattered)).isNull();
        assertThat(ArrayDiff.of(before, rebuilt)).isNull();
        assertThat(ArrayDiff.of(List.of(), values("n", ArrayDiff.LIMIT + 1))).isNull();
        assertThat(ArrayDiff.of(values("n", ArrayDiff.LIMIT + 1), List.of())).isNull();
    }

    @Test
    void randomEditsAlwaysKeepTheLawOrGiveUp() {
        Random random = new Random(20240501);
        for (int round = 0; round < 2_000; round++) {
            List<JsonValue> before = values("m", random.nextInt(60));
            List<JsonValue> after = new ArrayList<>(before);
            int edits = random.nextInt(8);
            for (int e = 0; e < edits; e++) {
                int kind = random.nextInt(4);
                if (kind == 0 || after.isEmpty()) {
                    after.add(random.nextInt(after.size() + 1), v("x" + e));
                } else if (kind == 1) {
                    after.remove(random.nextInt(after.size()));
                } else if (kind == 2) {
                    after.set(random.nextInt(after.size()), v("y" + e));
                } else {
                    // a move: the same object elsewhere
                    JsonValue moved = after.remove(random.nextInt(after.size()));
                    after.add(random.nextInt(after.size() + 1), moved);
                }
            }

            ArrayDiff diff = ArrayDiff.of(before, after);

            if (diff == null) {
                assertThat(before.size() + after.size()).as("round %d gave up", round).isGreaterThan(ArrayDiff.LIMIT);
                continue;
            }
            assertMultisetLaw(before, after, diff);
            assertThat(diff.removed().size() + diff.added().size()).as("round %d", round).isLessThanOrEqualTo(ArrayDiff.LIMIT);
        }
    }

    /** One write asks three times for the difference of the same two arrays; the walk happens once. */
    @Test
    void theSamePairOfJsonArraysIsComparedOnce() {
        List<JsonValue> members = values("m", 200);
        List<JsonValue> grown = new ArrayList<>(members);
        grown.add(v("new"));
        JsonArray before = new ListJsonArray(members);
        JsonArray after = new ListJsonArray(grown);

        ArrayDiff first = ArrayDiff.of(before, after);
        assertThat(ArrayDiff.of(before, after)).isSameAs(first);
        assertThat(first.added()).containsExactly(grown.getLast());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> first.added().clear())
                .as("a remembered answer is shared, so nobody may change it")
                .isInstanceOf(UnsupportedOperationException.class);

        ArrayDiff reversed = ArrayDiff.of(after, before);
        assertThat(reversed.removed()).containsExactly(grown.getLast());
        assertThat(reversed.added()).isEmpty();
        assertThat(ArrayDiff.of(before, after)).as("another pair came between: computed again, the same answer")
                .isNotSameAs(first).isEqualTo(first);
    }

    /** Plain lists may change between two calls, so their answer is never reused. */
    @Test
    void aChangedPlainListIsComparedAgain() {
        List<JsonValue> before = values("m", 10);
        List<JsonValue> after = new ArrayList<>(before);
        assertThat(ArrayDiff.of(before, after).added()).isEmpty();
        after.add(v("late"));
        assertThat(ArrayDiff.of(before, after).added()).containsExactly(after.getLast());
    }

    /**
     * Versions of a member list that share chunks (what PATCH makes): the difference found from the
     * unshared middle alone rebuilds the new version from the old one, position by position.
     */
    @Test
    void versionsSharingChunksGiveTheirDifferenceWithPositionsInTheWholeList() {
        Random random = new Random(1129);
        ListJsonArray version = new ListJsonArray(values("m", 3 * ValueChunks.CHUNK + 40));
        for (int round = 0; round < 200; round++) {
            ListJsonArray next;
            if (random.nextBoolean()) {
                next = version.appending(values("a" + round + "-", 1 + random.nextInt(3)));
            } else {
                java.util.TreeSet<Integer> positions = new java.util.TreeSet<>();
                for (int k = random.nextInt(3); k >= 0; k--) {
                    positions.add(random.nextInt(version.size()));
                }
                next = version.without(positions.stream().mapToInt(Integer::intValue).toArray());
            }
            ArrayDiff diff = ArrayDiff.of(version, next);
            assertMultisetLaw(version, next, diff);
            List<JsonValue> rebuilt = diff.applyTo(version);
            assertThat(rebuilt).as("round %d", round).hasSameSizeAs(next);
            for (int k = 0; k < rebuilt.size(); k++) {
                assertThat(rebuilt.get(k)).as("round %d, position %d", round, k).isSameAs(next.get(k));
            }
            version = next;
        }
    }
}
