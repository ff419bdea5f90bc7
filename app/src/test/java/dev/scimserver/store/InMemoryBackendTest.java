package dev.scimserver.store;

import dev.scimserver.store.memory.InMemoryBackend;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryBackendTest {
    private static final UniqueValue BJENSEN = new UniqueValue("User", "userName", "bjensen");
    private static final UniqueValue OTHER = new UniqueValue("User", "userName", "other");

    private final InMemoryBackend backend = new InMemoryBackend();

    private static StoredResource resource(String type, String id, String created, String displayName, UniqueValue... unique) {
        JsonObject body = Json.createObjectBuilder()
                .add("schemas", Json.createArrayBuilder().add("urn:example:" + type))
                .add("id", id)
                .add("displayName", displayName)
                .add("meta", Json.createObjectBuilder().add("resourceType", type).add("created", created))
                .build();
        return new StoredResource(type, id, body, Set.of(unique));
    }

    private static StoredResource user(String id, String displayName, UniqueValue... unique) {
        return resource("User", id, "2024-03-01T10:00:00.000Z", displayName, unique);
    }

    @Test
    void createThenGet() {
        StoredResource a = user("a", "A", BJENSEN);
        backend.create(a);
        assertThat(backend.get("User", "a")).containsSame(a);
        assertThat(backend.get("User", "b")).isEmpty();
        assertThat(backend.get("Group", "a")).isEmpty();
    }

    @Test
    void restoredResourcesAreListedByTheirCreationTimeNotTheOrderTheyCameIn() {
        backend.create(resource("User", "b", "2024-03-01T10:00:02.000Z", "B", BJENSEN));
        backend.create(resource("User", "a", "2024-03-01T11:00:01.000+01:00", "A"));
        assertThatThrownBy(() -> backend.create(user("b", "again"))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> backend.create(user("c", "C", BJENSEN))).isInstanceOf(UniquenessConflictException.class);

        assertThat(backend.list("User")).extracting(StoredResource::id).containsExactly("a", "b");
        assertThat(backend.all()).extracting(StoredResource::id).containsExactly("a", "b");
        backend.create(user("c", "C"));
        assertThat(backend.list("User")).extracting(StoredResource::id).containsExactly("c", "a", "b");
    }

    @Test
    void aSecondResourceWithTheSameIdOfTheSameTypeIsRefused() {
        backend.create(user("a", "A"));
        assertThatThrownBy(() -> backend.create(user("a", "again")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a");
        assertThat(backend.get("User", "a").orElseThrow().body().getString("displayName")).isEqualTo("A");
    }

    @Test
    void updateReplacesTheResourceWithWhatTheFunctionReturns() {
        StoredResource a = user("a", "A", BJENSEN);
        backend.create(a);
        StoredResource next = user("a", "A2", BJENSEN);

        StoredResource result = backend.update("User", "a", current -> {
            assertThat(current).isSameAs(a);
            return next;
        });

        assertThat(result).isSameAs(next);
        assertThat(backend.get("User", "a")).containsSame(next);
    }

    @Test
    void updateOfAnUnknownResourceIsNotFound() {
        assertThatThrownBy(() -> backend.update("User", "nope", current -> current))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("User nope");
    }

    @Test
    void anUpdateFunctionThatThrowsLeavesEverythingAsItWas() {
        StoredResource a = user("a", "A", BJENSEN);
        backend.create(a);

        assertThatThrownBy(() -> backend.update("User", "a", current -> {
            throw new IllegalArgumentException("refused");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("refused");

        assertThat(backend.get("User", "a")).containsSame(a);
        // The unique value is still held by "a" ...
        assertThatThrownBy(() -> backend.create(user("b", "B", BJENSEN))).isInstanceOf(UniquenessConflictException.class);
        // ... and nothing the abandoned update would have claimed was taken.
        assertThatCode(() -> backend.create(user("c", "C", OTHER))).doesNotThrowAnyException();
    }

    @Test
    void deleteRemovesTheResourceAfterThePreconditionAccepts() {
        StoredResource a = user("a", "A");
        backend.create(a);
        StoredResource[] seen = new StoredResource[1];
        backend.delete("User", "a", current -> seen[0] = current);
        assertThat(seen[0]).isSameAs(a);
        assertThat(backend.get("User", "a")).isEmpty();
        assertThat(backend.list("User")).isEmpty();
        assertThatThrownBy(() -> backend.delete("User", "a", current -> { }))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void aRefusingPreconditionKeepsTheResourceAndItsUniqueValues() {
        StoredResource a = user("a", "A", BJENSEN);
        backend.create(a);
        assertThatThrownBy(() -> backend.delete("User", "a", current -> {
            throw new IllegalStateException("stale");
        })).hasMessage("stale");
        assertThat(backend.get("User", "a")).containsSame(a);
        assertThatThrownBy(() -> backend.create(user("b", "B", BJENSEN))).isInstanceOf(UniquenessConflictException.class);
    }

    @Test
    void aTakenUniqueValueIsRefusedOnCreateNamingTheValue() {
        backend.create(user("a", "A", BJENSEN));
        assertThatThrownBy(() -> backend.create(user("b", "B", OTHER, BJENSEN)))
                .isInstanceOfSatisfying(UniquenessConflictException.class, e -> assertThat(e.value()).isEqualTo(BJENSEN));
        assertThat(backend.get("User", "b")).isEmpty();
        // Nothing of the refused create was claimed, not even its free value.
        assertThatCode(() -> backend.create(user("c", "C", OTHER))).doesNotThrowAnyException();
    }

    @Test
    void aTakenUniqueValueIsRefusedOnUpdateAndNothingChanges() {
        backend.create(user("a", "A", BJENSEN));
        StoredResource b = user("b", "B", OTHER);
        backend.create(b);

        assertThatThrownBy(() -> backend.update("User", "b", current -> user("b", "B2", BJENSEN)))
                .isInstanceOfSatisfying(UniquenessConflictException.class, e -> assertThat(e.value()).isEqualTo(BJENSEN));

        assertThat(backend.get("User", "b")).containsSame(b);
        // b still holds its old value.
        assertThatThrownBy(() -> backend.create(user("c", "C", OTHER))).isInstanceOf(UniquenessConflictException.class);
    }

    @Test
    void aResourceKeepsItsOwnUniqueValueAcrossAnUpdate() {
        backend.create(user("a", "A", BJENSEN));
        assertThatCode(() -> backend.update("User", "a", current -> user("a", "A2", BJENSEN))).doesNotThrowAnyException();
        assertThatThrownBy(() -> backend.create(user("b", "B", BJENSEN))).isInstanceOf(UniquenessConflictException.class);
    }

    @Test
    void anUpdateReleasesTheValuesItDrops() {
        backend.create(user("a", "A", BJENSEN));
        backend.update("User", "a", current -> user("a", "A", OTHER));
        assertThatCode(() -> backend.create(user("b", "B", BJENSEN))).doesNotThrowAnyException();
        assertThatThrownBy(() -> backend.create(user("c", "C", OTHER))).isInstanceOf(UniquenessConflictException.class);
    }

    @Test
    void deleteReleasesTheUniqueValues() {
        backend.create(user("a", "A", BJENSEN));
        backend.delete("User", "a", current -> { });
        assertThatCode(() -> backend.create(user("b", "B", BJENSEN))).doesNotThrowAnyException();
    }

    @Test
    void uniqueValuesAreScopedByScopeAndAttribute() {
        backend.create(user("a", "A", BJENSEN));
        assertThatCode(() -> backend.create(resource("Group", "g", "2024-03-01T10:00:00.000Z", "G",
                new UniqueValue("Group", "userName", "bjensen")))).doesNotThrowAnyException();
        assertThatCode(() -> backend.create(user("b", "B", new UniqueValue("User", "nickName", "bjensen"))))
                .doesNotThrowAnyException();

        UniqueValue global = new UniqueValue(UniqueValue.GLOBAL, "assetTag", "a-1");
        backend.create(resource("Device", "d", "2024-03-01T10:00:00.000Z", "D", global));
        assertThatThrownBy(() -> backend.create(resource("Gadget", "x", "2024-03-01T10:00:00.000Z", "X", global)))
                .isInstanceOf(UniquenessConflictException.class);
    }

    @Test
    void listIsPerTypeInCreationThenIdOrderAndAllHasEveryType() {
        backend.create(resource("User", "c", "2024-03-01T10:00:02.000Z", "third"));
        backend.create(resource("User", "b", "2024-03-01T10:00:01.000Z", "second, by id"));
        backend.create(resource("User", "a", "2024-03-01T10:00:01.000Z", "second, first by id"));
        backend.create(resource("User", "z", "2024-03-01T09:59:59.999Z", "first"));
        backend.create(resource("Group", "g", "2024-03-01T10:00:00.500Z", "group"));

        assertThat(backend.list("User")).extracting(StoredResource::id).containsExactly("z", "a", "b", "c");
        assertThat(backend.list("Group")).extracting(StoredResource::id).containsExactly("g");
        assertThat(backend.list("Device")).isEmpty();
        assertThat(backend.all()).extracting(StoredResource::id).containsExactly("z", "g", "a", "b", "c");
    }
}
