package dev.scimserver.store;

import dev.scimserver.store.StoredResource;

import java.util.List;

/** One page of search results and the number of matches in all. */
public record SearchPage(int totalResults, List<StoredResource> resources) {
    public SearchPage {
        resources = List.copyOf(resources);
    }
}
