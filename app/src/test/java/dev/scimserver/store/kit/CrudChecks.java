package dev.scimserver.store.kit;

import dev.scimserver.core.ResourceSearch;
import dev.scimserver.core.SearchRequest;
import dev.scimserver.json.ScimJson;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.store.Backend;
import dev.scimserver.store.ResourceNotFoundException;
import dev.scimserver.store.StoredResource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static dev.scimserver.store.kit.Resources.GROUP;
import static dev.scimserver.store.kit.Resources.USER;
import static dev.scimserver.store.kit.Resources.changed;
import static dev.scimserver.store.kit.Resources.group;
import static dev.scimserver.store.kit.Resources.ids;
import static dev.scimserver.store.kit.Resources.member;
import static dev.scimserver.store.kit.Resources.newVersion;
import static dev.scimserver.store.kit.Resources.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Obligations 1 and 2 of {@link BackendContract}: create, get, update, delete, list, all; ids and versions. */
final class CrudChecks {
    private CrudChecks() {
    }

    /** A User with most kinds of value: strings, a boolean, complex and multi-valued ones, the extension. */
    static StoredResource richUser(String id, String userName, int second) {
        return user(id, userName, second, b -> b
                .add("externalId", "Ext-" + id)
                .add("name", ScimJson.createObjectBuilder().add("givenName", "Bärbel").add("familyName", "O'Brien"))
                .add("displayName", "Bärbel \"Babs\" O'Brien")
                .add("active", true)
                .add("emails", ScimJson.createArrayBuilder()
                        .add(ScimJson.createObjectBuilder().add("value", userName + "@example.com").add("type", "work").add("primary", true))
                        .add(ScimJson.createObjectBuilder().add("value", "😀@example.org").add("type", "home")))
                .add(Resources.ENTERPRISE, ScimJson.createObjectBuilder().add("employeeNumber", "0701")
                        .add("manager", ScimJson.createObjectBuilder().add("value", "u-boss"))));
    }

    static void assertSame(Optional<StoredResource> found, StoredResource expected) {
        assertThat(found).as("%s %s", expected.resourceType(), expected.id()).isPresent();
        assertSame(found.get(), expected);
    }

    /** Everything core reads of a stored resource is what was written. */
    static void assertSame(StoredResource actual, StoredResource expected) {
        assertThat(actual.resourceType()).isEqualTo(expected.resourceType());
        assertThat(actual.id()).isEqualTo(expected.id());
        assertThat(actual.version()).as("meta.version of %s", expected.id()).isEqualTo(expected.version());
        assertThat(actual.body()).as("body of %s", expected.id()).isEqualTo(expected.body());
        assertThat(actual.uniqueValues()).as("unique values of %s", expected.id()).isEqualTo(expected.uniqueValues());
    }

    static void createdResourcesComeBackAsStored(Backend backend) {
        StoredResource alice = richUser("u-alice", "alice", 1);
        StoredResource bob = user("u-bob", "bob", 2);
        StoredResource admins = group("g-admins", "Admins", 3, List.of(member(alice, true), member(bob, false)));
        StoredResource empty = group("g-empty", "Nobody", 4, List.of());
        for (StoredResource resource : List.of(alice, bob, admins, empty)) {
            backend.create(resource);
        }

        for (StoredResource resource : List.of(alice, bob, admins, empty)) {
            assertSame(backend.get(resource.resourceType(), resource.id()), resource);
        }
        assertThat(backend.get("User", "u-nobody")).isEmpty();
        assertThat(backend.get("Group", "u-alice")).as("an id of another type").isEmpty();
        assertThat(backend.get("User", "U-ALICE")).as("ids are caseExact").isEmpty();
    }

    static void unknownIdsAreNotFound(Backend backend) {
        StoredResource alice = user("u-alice", "alice", 1);
        backend.create(alice);
        AtomicInteger calls = new AtomicInteger();

        for (String[] typeAndId : new String[][] {{"User", "u-nobody"}, {"Group", "u-alice"}, {"User", "U-ALICE"}}) {
            assertThatThrownBy(() -> backend.update(typeAndId[0], typeAndId[1], current -> {
                calls.incrementAndGet();
                return current;
            })).isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> backend.delete(typeAndId[0], typeAndId[1], current -> calls.incrementAndGet()))
                    .isInstanceOf(ResourceNotFoundException.class);
        }

        assertThat(calls).as("functions and preconditions run for resources that are not there").hasValue(0);
        assertSame(backend.get("User", "u-alice"), alice);
    }

    static void anUpdateStoresWhatTheFunctionReturned(Backend backend) {
        StoredResource alice = richUser("u-alice", "alice", 1);
        StoredResource bob = user("u-bob", "bob", 2);
        backend.create(alice);
        backend.create(bob);
        AtomicReference<StoredResource> seen = new AtomicReference<>();
        StoredResource next = changed(alice, "W/\"alice-2\"", b -> b.add("userName", "alicia").add("title", "CEO").remove("active"));

        StoredResource returned = backend.update("User", "u-alice", current -> {
            seen.set(current);
            return next;
        });

        assertSame(seen.get(), alice);
        assertSame(returned, next);
        assertThat(returned.version()).isEqualTo("W/\"alice-2\"");
        assertSame(backend.get("User", "u-alice"), next);
        assertThat(backend.list("User")).hasSize(2).anySatisfy(r -> assertSame(r, next));
        assertSame(backend.get("User", "u-bob"), bob);
    }

    static void anUpdateReturningTheCurrentStateChangesNothing(Backend backend) {
        StoredResource alice = richUser("u-alice", "alice", 1);
        backend.create(alice);

        StoredResource returned = backend.update("User", "u-alice", current -> current);

        assertSame(returned, alice);
        assertSame(backend.get("User", "u-alice"), alice);
    }

    static void versionsAreKeptAsGiven(Backend backend) {
        List<StoredResource> resources = new ArrayList<>();
        int second = 0;
        // Core's versions have 20 characters, scim2-server's 44; a foreign dump's may be longer (a quoted SHA-256 is 68).
        String longest = "W/\"" + "0123456789abcdef".repeat(20) + "\"";
        for (String version : List.of("W/\"0\"", "W/\"a1b2c3d4e5f60718\"", "\"strong\"", "W/\"with space and ü\"", longest)) {
            second++;
            resources.add(Resources.stored(USER, ScimJson.createObjectBuilder(user("u-" + second, "user" + second, second).body())
                    .add("meta", Resources.meta(USER, Resources.created(second), Resources.created(second), version)).build()));
        }
        resources.forEach(backend::create);

        for (StoredResource resource : resources) {
            assertThat(backend.get("User", resource.id()).orElseThrow().version()).isEqualTo(resource.version());
        }
        assertThat(backend.list("User")).extracting(StoredResource::version)
                .containsExactlyElementsOf(resources.stream().map(StoredResource::version).toList());
        ResourceSearch search = new ResourceSearch(backend, 100);
        assertThat(search.search(USER, new SearchRequest(null, null, null, 1, null, null)).resources())
                .extracting(found -> found.resource().version())
                .containsExactlyElementsOf(resources.stream().map(StoredResource::version).toList());

        StoredResource first = resources.getFirst();
        String[] versions = {"W/\"1\"", "W/\"2\"", "W/\"0\""}; // back to an earlier version is a version too
        for (String version : versions) {
            StoredResource returned = backend.update("User", first.id(), current -> changed(current, version, b -> { }));
            assertThat(returned.version()).isEqualTo(version);
            assertThat(backend.get("User", first.id()).orElseThrow().version()).isEqualTo(version);
            assertThat(search.search(USER, new SearchRequest("id eq \"" + first.id() + "\"", null, null, 1, null, null))
                    .resources()).singleElement().satisfies(found -> assertThat(found.resource().version()).isEqualTo(version));
        }
    }

    static void aDeleteRemovesTheResourceEverywhere(Backend backend) {
        StoredResource alice = user("u-alice", "alice", 1);
        StoredResource bob = user("u-bob", "bob", 2);
        StoredResource admins = group("g-admins", "Admins", 3, List.of(member(bob, true)));
        List.of(alice, bob, admins).forEach(backend::create);
        AtomicReference<StoredResource> seen = new AtomicReference<>();

        backend.delete("User", "u-alice", seen::set);
        backend.delete("Group", "g-admins", current -> { });

        assertSame(seen.get(), alice);
        assertThat(backend.get("User", "u-alice")).isEmpty();
        assertThat(backend.get("Group", "g-admins")).isEmpty();
        assertThat(ids(backend.list("User"))).containsExactly("u-bob");
        assertThat(backend.list("Group")).isEmpty();
        assertThat(ids(backend.all())).containsExactly("u-bob");
        assertThat(search(backend, USER, "userName eq \"alice\"")).isEmpty();
        assertThat(search(backend, GROUP, "members.value eq \"u-bob\"")).isEmpty();
        assertThatThrownBy(() -> backend.delete("User", "u-alice", current -> { })).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> backend.update("User", "u-alice", current -> current)).isInstanceOf(ResourceNotFoundException.class);
        assertSame(backend.get("User", "u-bob"), bob);
    }

    static void listFollowsCreation(Backend backend) {
        List<String> order = List.of("u-c", "u-a", "u-e", "u-b", "u-d"); // ids not in creation order
        for (int i = 0; i < order.size(); i++) {
            backend.create(user(order.get(i), "name-" + order.get(i), i + 1));
        }
        backend.create(group("g-1", "first group", 10, List.of()));
        backend.create(group("g-0", "second group", 11, List.of()));

        assertThat(ids(backend.list("User"))).containsExactlyElementsOf(order);
        assertThat(ids(backend.list("Group"))).containsExactly("g-1", "g-0");
        assertThat(ids(backend.list("User"))).as("asked again").containsExactlyElementsOf(order);

        backend.update("User", "u-c", current -> changed(current, newVersion(), b -> b.add("userName", "renamed")));
        backend.delete("User", "u-e", current -> { });
        assertThat(ids(backend.list("User"))).as("an update keeps a resource's place")
                .containsExactly("u-c", "u-a", "u-b", "u-d");
        assertThat(search(backend, USER, null)).as("the default order of a search").containsExactly("u-c", "u-a", "u-b", "u-d");
    }

    static void allHoldsEveryResourceOfEveryTypeOnce(Backend backend) {
        StoredResource a = user("u-a", "a", 1);
        StoredResource g = group("g-1", "group", 2, List.of(member(a, true)));
        StoredResource b = user("u-b", "b", 3);
        StoredResource sameId = group("u-a", "a group with a user's id", 4, List.of());
        List.of(a, g, b, sameId).forEach(backend::create);

        List<StoredResource> all = backend.all();

        assertThat(all).hasSize(4);
        assertThat(new HashSet<>(all.stream().map(r -> r.resourceType() + "/" + r.id()).toList()))
                .containsExactlyInAnyOrder("User/u-a", "Group/g-1", "User/u-b", "Group/u-a");
        for (String type : List.of("User", "Group")) {
            assertThat(ids(all.stream().filter(r -> r.resourceType().equals(type)).toList()))
                    .as("the %ss of all(), in list order", type).containsExactlyElementsOf(ids(backend.list(type)));
        }
        for (StoredResource expected : List.of(a, g, b, sameId)) {
            assertSame(all.stream().filter(r -> r.resourceType().equals(expected.resourceType()) && r.id().equals(expected.id()))
                    .findFirst(), expected);
        }
    }

    static void idsArePerType(Backend backend) {
        StoredResource user = user("same", "same", 1);
        StoredResource group = group("same", "same", 2, List.of(member(user, true)));
        backend.create(user);
        backend.create(group);

        assertSame(backend.get("User", "same"), user);
        assertSame(backend.get("Group", "same"), group);
        backend.delete("Group", "same", current -> { });
        assertSame(backend.get("User", "same"), user);
        assertThat(backend.get("Group", "same")).isEmpty();
    }

    static void aSecondCreateOfAnIdIsRefused(Backend backend) {
        StoredResource first = user("u-1", "first", 1);
        backend.create(first);

        assertThatThrownBy(() -> backend.create(user("u-1", "second", 2))).isInstanceOf(RuntimeException.class);

        assertSame(backend.get("User", "u-1"), first);
        assertThat(backend.list("User")).hasSize(1);
        backend.create(user("u-2", "second", 3)); // the refused create took no unique value
        assertThat(ids(backend.list("User"))).containsExactly("u-1", "u-2");
    }

    static void searchesSeeEveryWrite(Backend backend) {
        StoredResource alice = richUser("u-alice", "alice", 1);
        backend.create(alice);
        backend.create(user("u-bob", "bob", 2));
        assertThat(search(backend, USER, "emails.value eq \"ALICE@example.com\"")).containsExactly("u-alice");

        backend.update("User", "u-alice", current -> changed(current, newVersion(), b -> b.add("userName", "alicia")
                .add("emails", ScimJson.createArrayBuilder().add(ScimJson.createObjectBuilder().add("value", "new@example.com")))));

        assertThat(search(backend, USER, "userName eq \"alice\"")).isEmpty();
        assertThat(search(backend, USER, "userName eq \"Alicia\"")).containsExactly("u-alice");
        assertThat(search(backend, USER, "emails.value eq \"alice@example.com\"")).isEmpty();
        assertThat(search(backend, USER, "emails.value eq \"new@example.com\"")).containsExactly("u-alice");
        assertThat(search(backend, USER, "emails[type eq \"home\"]")).isEmpty();
        backend.delete("User", "u-alice", current -> { });
        assertThat(search(backend, USER, "userName sw \"ali\" or emails pr")).isEmpty();
        assertThat(search(backend, USER, "userName pr")).containsExactly("u-bob");
    }

    /** The ids a search finds through core ({@link ResourceSearch}, the path a GET with a filter takes), in order. */
    static List<String> search(Backend backend, ResourceType type, String filter) {
        return new ResourceSearch(backend, 10_000).search(type, new SearchRequest(filter, null, null, 1, null, null))
                .resources().stream().map(found -> found.resource().id()).toList();
    }
}
