package dev.scimserver.store;

import dev.scimserver.filter.AttributePath;
import dev.scimserver.filter.CompareOperator;
import dev.scimserver.filter.Value;
import dev.scimserver.query.CompiledFilter;
import dev.scimserver.query.FilterCompiler;
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

    /**
     * Every group of {@code groupType} whose members name {@code memberId}: {@code members.value eq
     * "memberId"}, in the backend's default order. The index answer is the whole filter, so it is
     * taken without re-checking each group (which would walk a 100,000-member list). Under a
     * concurrent write to a group this may report the membership from just before or just after
     * that write: fine for a computed {@code groups}, and inside a write nothing else writes.
     */
    public static SearchQuery membersNaming(ResourceType groupType, String memberId) {
        Filter filter = new Filter.Compare(AttributePath.of("members", "value"), CompareOperator.EQ, new Value.Str(memberId));
        CompiledFilter compiled = FilterCompiler.compile(filter, groupType);
        return new SearchQuery(groupType, filter, new CompiledFilter(compiled.predicate(), compiled.hints(), true),
                (SortSpec) null, false, 1, Integer.MAX_VALUE);
    }
}
