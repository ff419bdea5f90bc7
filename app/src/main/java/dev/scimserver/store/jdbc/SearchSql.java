package dev.scimserver.store.jdbc;

import dev.scimserver.store.SearchQuery;


/**
 * The two statements of one search of one resource type: how many resources match, and the page
 * of them in order. The filter, the order and the page all run in the database.
 *
 * @param resourceType the {@code scim_resource.resource_type} searched (the type's id)
 * @param condition    {@link FilterSql#where}
 * @param order        {@link SortSql#orderBy}
 * @param offset       resources skipped: {@code startIndex - 1}
 * @param limit        the page size: {@code count}
 */
public record SearchSql(String resourceType, SqlFragment condition, SqlFragment order, long offset, int limit,
                        boolean keysFirst) {

    /** The statements for a query. */
    public static SearchSql of(SearchQuery query, SqlDialect dialect, boolean membersInOwnTable) {
        return new SearchSql(query.type().id(),
                FilterSql.where(query, dialect, membersInOwnTable),
                SortSql.orderBy(query, dialect, membersInOwnTable),
                Math.max(0, query.startIndex() - 1L),
                Math.max(0, query.count()),
                dialect.pageKeysFirst());
    }

    /** {@code SELECT COUNT(*)} of the matches: the list response's totalResults. */
    public SqlFragment count() {
        return matching("SELECT COUNT(*)").build();
    }

    /**
     * The page: {@code SELECT <columns> … ORDER BY … OFFSET ? ROWS FETCH NEXT ? ROWS ONLY}.
     *
     * @param columns the select list over {@code r}, e.g. {@code "r.pk, r.id, r.version, r.body"}
     */
    public SqlFragment page(String columns) {
        if (!keysFirst) {
            return paged("SELECT " + columns, order);
        }
        // The page's keys (in creation order: the (resource_type, pk) index's own order), then its rows.
        SqlFragment keyOrder = order.sql().equals(SortSql.CREATION_ORDER)
                ? SqlFragment.of("r.resource_type, " + SortSql.CREATION_ORDER) : order;
        return new SqlFragment.Builder()
                .sql("SELECT " + columns + " FROM scim_resource r WHERE r.pk IN (")
                .fragment(paged("SELECT r.pk", keyOrder))
                .sql(") ORDER BY ").fragment(order)
                .build();
    }

    /** The matches in this order, from the offset, at most the limit of them. */
    private SqlFragment paged(String select, SqlFragment by) {
        return matching(select)
                .sql(" ORDER BY ").fragment(by)
                .sql(" OFFSET ").parameter(offset).sql(" ROWS FETCH NEXT ").parameter(limit).sql(" ROWS ONLY")
                .build();
    }

    private SqlFragment.Builder matching(String select) {
        return new SqlFragment.Builder()
                .sql(select).sql(" FROM scim_resource r WHERE r.resource_type = ").parameter(resourceType)
                .sql(" AND (").fragment(condition).sql(")");
    }
}
