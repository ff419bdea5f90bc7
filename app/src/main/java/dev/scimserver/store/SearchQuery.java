package dev.scimserver.store;

import dev.scimserver.query.CompiledFilter;
import dev.scimserver.query.SortSpec;
import dev.scimserver.filter.Filter;
import dev.scimserver.schema.ResourceType;

/**
 * One search of one resource type, as a backend receives it: the parsed filter (for backends that
 * translate it, e.g. to SQL) and the same filter compiled for in-memory evaluation, the sort, and
 * the page (1-based {@code startIndex}, {@code count} already capped).
 *
 * @param filter null for "every resource"
 * @param sort   null for the backend's stable default order
 */
public record SearchQuery(ResourceType type, Filter filter, CompiledFilter compiled, SortSpec sort,
                          boolean acrossTypes, int startIndex, int count) {
}
