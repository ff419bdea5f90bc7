package dev.scimserver.core;

import dev.scimserver.error.ScimException;
import dev.scimserver.filter.AttributePath;
import dev.scimserver.filter.Filter;
import dev.scimserver.filter.FilterParseException;
import dev.scimserver.filter.ScimFilters;
import dev.scimserver.query.CompiledFilter;
import dev.scimserver.query.FilterCompiler;
import dev.scimserver.query.LocationFilters;
import dev.scimserver.query.ResolvedPath;
import dev.scimserver.store.SearchPage;
import dev.scimserver.store.SearchQuery;
import dev.scimserver.query.SortSpec;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.store.Backend;
import dev.scimserver.store.StoredResource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Searching (RFC 7644 §3.4.2, §3.4.3): parses and checks the filter and sort once per request and
 * asks the backend for one page. A search of several resource types at once (the root endpoint)
 * gathers the matches of each type and pages over their union.
 */
public final class ResourceSearch {
    private final Backend backend;
    private final int maxResults;

    private final boolean strict;

    public ResourceSearch(Backend backend, int maxResults) {
        this(backend, maxResults, false);
    }

    /**
     * @param strict false also takes the unquoted values Microsoft's SCIM validator sends
     *               ({@code userName sw O}); true refuses them as the RFC grammar does
     */
    public ResourceSearch(Backend backend, int maxResults, boolean strict) {
        this.backend = backend;
        this.maxResults = maxResults;
        this.strict = strict;
    }

    /** One resource found, with its type (a root search mixes types). */
    public record Found(ResourceType type, StoredResource resource) {
    }

    /** A page of results: the number of matches in all and the resources on this page. */
    public record Result(int totalResults, int startIndex, List<Found> resources) {
    }

    /** A search without a request's base URL: {@code meta.location} is matched as the path from the server's root. */
    public Result search(ResourceType type, SearchRequest request) {
        return search(type, request, "");
    }

    /**
     * @param baseUrl what {@code meta.location} starts with in the response ({@code http://host/v2}):
     *                a filter on it matches the location the client sees, though none is stored
     */
    public Result search(ResourceType type, SearchRequest request, String baseUrl) {
        Filter filter = located(parse(request.filter()), type, baseUrl);
        CompiledFilter compiled = filter == null ? CompiledFilter.ALL : FilterCompiler.compile(filter, type);
        SortSpec sort = SortSpec.of(request.sortBy(), request.sortOrder());
        if (sort != null) {
            sort.keyFor(type, false); // checks the attribute now, so a bad sortBy is a 400 before any work
        }
        int count = count(request);
        SearchPage page = backend.search(new SearchQuery(type, filter, compiled, sort, false, request.startIndex(), count));
        return new Result(page.totalResults(), request.startIndex(),
                page.resources().stream().map(r -> new Found(type, r)).toList());
    }

    /**
     * A search across several resource types; an attribute one type lacks simply matches nothing there.
     * {@code baseUrl} as for {@link #search(ResourceType, SearchRequest, String)}.
     */
    public Result searchAll(List<ResourceType> types, SearchRequest request, String baseUrl) {
        Filter parsed = parse(request.filter());
        SortSpec sort = SortSpec.of(request.sortBy(), request.sortOrder());
        if (parsed != null) {
            requireKnownSomewhere(parsed, types);
        }
        if (sort != null && types.stream().noneMatch(t -> ResolvedPath.resolve(t, sort.path()) != null)) {
            // Like a filter's attribute: one that no searched type has is a mistake, not an unsorted result.
            throw ScimException.invalidValue("Cannot sort by '" + sort.path() + "': no resource type has such an attribute;"
                    + " the attributes are listed at /Schemas");
        }
        List<SortSpec.Keyed<StoredResource>> all = new ArrayList<>();
        Map<String, ResourceType> typesById = types.stream().collect(Collectors.toMap(ResourceType::id, Function.identity()));
        for (ResourceType type : types) {
            Filter filter = located(parsed, type, baseUrl);
            CompiledFilter compiled = filter == null ? CompiledFilter.ALL : FilterCompiler.compileAcrossTypes(filter, type);
            SortSpec.Key key = sort == null ? r -> null : sort.keyFor(type, true);
            SearchPage page = backend.search(new SearchQuery(type, filter, compiled, null, true, 1, Integer.MAX_VALUE));
            for (StoredResource resource : page.resources()) {
                all.add(new SortSpec.Keyed<>(resource, resource.id(), key.of(resource.body())));
            }
        }
        Comparator<SortSpec.Keyed<StoredResource>> order = sort != null ? sort.comparator()
                : Comparator.comparing((SortSpec.Keyed<StoredResource> k) -> k.resource().resourceType()).thenComparing(k -> k.resource().id());
        all.sort(order);
        int from = Math.min(all.size(), request.startIndex() - 1);
        int to = (int) Math.min(all.size(), (long) from + count(request));
        List<Found> pageItems = all.subList(from, to).stream()
                .map(k -> new Found(typesById.get(k.resource().resourceType()), k.resource()))
                .toList();
        return new Result(all.size(), request.startIndex(), pageItems);
    }

    /** The filter with {@code meta.location} read as this type's location prefix plus the id (see {@link LocationFilters}). */
    private static Filter located(Filter filter, ResourceType type, String baseUrl) {
        return filter == null ? null : LocationFilters.rewrite(filter, baseUrl + type.endpoint() + "/");
    }

    private int count(SearchRequest request) {
        return request.count() == null ? maxResults : Math.min(request.count(), maxResults);
    }

    private Filter parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return strict ? ScimFilters.parseFilter(text) : ScimFilters.parseFilterLenient(text);
        } catch (FilterParseException e) {
            throw ScimException.invalidFilter("Invalid filter: " + e.getMessage());
        }
    }

    /**
     * A filter naming an attribute no searched type has is a mistake, not an empty result. Each
     * attribute is checked on its own: {@code userName eq "x" or members.value eq "y"} is fine although
     * no single type has both (Users answer the first half, Groups the second). Type errors (gt on a
     * boolean, a never-returned attribute) are found when each type compiles the filter.
     */
    private static void requireKnownSomewhere(Filter filter, List<ResourceType> types) {
        List<Filter> stack = new ArrayList<>(); // iterative: long and/or chains must not recurse per operand
        stack.add(filter);
        while (!stack.isEmpty()) {
            AttributePath path = switch (stack.removeLast()) {
                case Filter.And and -> {
                    stack.add(and.right());
                    stack.add(and.left());
                    yield null;
                }
                case Filter.Or or -> {
                    stack.add(or.right());
                    stack.add(or.left());
                    yield null;
                }
                case Filter.Not not -> {
                    stack.add(not.filter());
                    yield null;
                }
                case Filter.Present present -> present.path();
                case Filter.Compare compare -> compare.path();
                case Filter.ValuePath valuePath -> valuePath.path(); // its sub-attributes: checked by the types that have it
            };
            if (path != null && types.stream().noneMatch(t -> ResolvedPath.resolve(t, path) != null)) {
                throw ScimException.invalidFilter("Unknown attribute '" + path + "' in the filter; no resource type has it."
                        + " The attributes of each type are listed at /Schemas");
            }
        }
    }
}
