package dev.scimserver.store.kit;

import dev.scimserver.core.ResourceSearch;
import dev.scimserver.core.SearchRequest;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.store.Backend;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.memory.InMemoryBackend;
import dev.scimserver.store.memory.IndexPlan;

import java.util.List;

import static dev.scimserver.store.kit.Resources.REGISTRY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Obligation 5 of {@link BackendContract}: the backend under test and the in-memory reference hold
 * {@link SearchData}, and every search, asked through core's {@link ResourceSearch} (which parses the
 * filter, compiles it and builds the {@code SearchQuery} as a GET with {@code ?filter=} does), must
 * give the same total and the same resources in the same order.
 */
final class SearchChecks implements AutoCloseable {
    /** The server's most results per page here: more than there are resources, so a page without count is all of them. */
    static final int MAX_RESULTS = 1000;

    private final Backend tested;
    private final InMemoryBackend reference = new InMemoryBackend(IndexPlan.of(REGISTRY));
    private final int users;

    SearchChecks(Backend tested) {
        this.tested = tested;
        List<StoredResource> userList = SearchData.users();
        users = userList.size();
        for (StoredResource resource : userList) {
            tested.create(resource);
            reference.create(resource);
        }
        for (StoredResource group : SearchData.groups(userList)) {
            tested.create(group);
            reference.create(group);
        }
    }

    int users() {
        return users;
    }

    /** Whether both agree on this search; returns the reference's total, for tests that check the corpus. */
    int assertSameAnswer(ResourceType type, String filter, String sortBy, String sortOrder, int startIndex, Integer count) {
        SearchRequest request = new SearchRequest(filter, sortBy, sortOrder, startIndex, count, null);
        ResourceSearch.Result expected = new ResourceSearch(reference, MAX_RESULTS).search(type, request);
        ResourceSearch.Result actual = new ResourceSearch(tested, MAX_RESULTS).search(type, request);
        String what = "%s filter=%s sortBy=%s sortOrder=%s startIndex=%d count=%s"
                .formatted(type.name(), filter, sortBy, sortOrder, startIndex, count);
        assertThat(ids(actual)).as(what).containsExactlyElementsOf(ids(expected));
        assertThat(actual.totalResults()).as("totalResults of " + what).isEqualTo(expected.totalResults());
        return expected.totalResults();
    }

    /** A search's resources are whole: what core sends back is what was stored. */
    void assertWholeResources(ResourceType type, String filter) {
        ResourceSearch.Result expected = new ResourceSearch(reference, MAX_RESULTS)
                .search(type, new SearchRequest(filter, null, null, 1, null, null));
        ResourceSearch.Result actual = new ResourceSearch(tested, MAX_RESULTS)
                .search(type, new SearchRequest(filter, null, null, 1, null, null));
        assertThat(actual.resources()).hasSameSizeAs(expected.resources()).isNotEmpty();
        for (int i = 0; i < expected.resources().size(); i++) {
            CrudChecks.assertSame(actual.resources().get(i).resource(), expected.resources().get(i).resource());
        }
    }

    /** The reference's total for a filter: for the check that the corpus tells resources apart. */
    int referenceTotal(ResourceType type, String filter) {
        return new ResourceSearch(reference, MAX_RESULTS).search(type, new SearchRequest(filter, null, null, 1, 0, null))
                .totalResults();
    }

    private static List<String> ids(ResourceSearch.Result result) {
        return result.resources().stream().map(found -> found.resource().id()).toList();
    }

    @Override
    public void close() {
        tested.close();
        reference.close();
    }
}
