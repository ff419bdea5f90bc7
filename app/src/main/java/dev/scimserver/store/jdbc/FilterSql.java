package dev.scimserver.store.jdbc;

import dev.scimserver.core.ScimException;
import dev.scimserver.filter.AttributePath;
import dev.scimserver.filter.Filter;
import dev.scimserver.query.ResolvedPath;
import dev.scimserver.query.SearchQuery;
import dev.scimserver.schema.Attribute;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.Returned;

import java.util.ArrayList;
import java.util.List;

/**
 * A SCIM filter as an SQL condition over {@code scim_resource r}, answering exactly what
 * {@link dev.scimserver.query.FilterCompiler}'s predicate answers over the stored JSON, given the
 * rows {@link ValueRows} wrote.
 *
 * <p>Every attribute test is {@code r.pk IN (SELECT …)} over the {@code scim_value} rows (or the
 * {@code scim_member} rows for a Group's members). The sub-select does not depend on {@code r}, so the
 * database runs it once through its (path, value) index and fetches the matches by primary key, rather
 * than testing every resource (a correlated EXISTS took 300 ms for one userName among 100,000 users).
 * The selected keys are never null, so each test is true or false, never SQL's unknown:
 * {@code NOT} negates exactly as the in-memory {@code negate()} does, and an absent attribute fails
 * every comparison (ne included) and passes its negation. A value path ranges over the element
 * marker rows and ties its sub-attribute tests to one element through {@code elem}.
 */
public final class FilterSql {
    private final ResourceType type;
    private final boolean acrossTypes;
    private final boolean membersInOwnTable;
    private final ValueComparison comparison;

    private FilterSql(ResourceType type, boolean acrossTypes, boolean membersInOwnTable, SqlDialect dialect) {
        this.type = type;
        this.acrossTypes = acrossTypes;
        this.membersInOwnTable = membersInOwnTable;
        this.comparison = new ValueComparison(dialect);
    }

    /**
     * The condition on {@code r} for the query's filter; {@code TRUE} without one.
     *
     * @param membersInOwnTable the type keeps {@code members} in {@code scim_member} (as ValueRows was told)
     */
    public static SqlFragment where(SearchQuery query, SqlDialect dialect, boolean membersInOwnTable) {
        if (query.filter() == null) {
            return SqlFragment.of("TRUE");
        }
        SqlFragment.Builder out = new SqlFragment.Builder();
        new FilterSql(query.type(), query.acrossTypes(), membersInOwnTable, dialect).filter(query.filter(), out);
        return out.build();
    }

    private void filter(Filter filter, SqlFragment.Builder out) {
        switch (filter) {
            case Filter.And and -> chain(and, Filter.And.class, " AND ", out);
            case Filter.Or or -> chain(or, Filter.Or.class, " OR ", out);
            case Filter.Not not -> {
                out.sql("NOT (");
                filter(not.filter(), out);
                out.sql(")");
            }
            case Filter.Present present -> present(present.path(), out);
            case Filter.Compare compare -> compare(compare, out);
            case Filter.ValuePath valuePath -> valuePath(valuePath, out);
        }
    }

    /** A chain of one logical operator written flat: long chains must not nest (or recurse) per operand. */
    private void chain(Filter root, Class<? extends Filter> kind, String operator, SqlFragment.Builder out) {
        List<Filter> operands = new ArrayList<>();
        List<Filter> stack = new ArrayList<>();
        stack.add(root);
        while (!stack.isEmpty()) {
            Filter f = stack.removeLast();
            if (kind.isInstance(f)) {
                stack.add(f instanceof Filter.And a ? a.right() : ((Filter.Or) f).right());
                stack.add(f instanceof Filter.And a ? a.left() : ((Filter.Or) f).left());
            } else {
                operands.add(f);
            }
        }
        out.sql("(");
        for (int i = 0; i < operands.size(); i++) {
            out.sql(i == 0 ? "(" : ")" + operator + "(");
            filter(operands.get(i), out);
        }
        out.sql("))");
    }

    private void present(AttributePath written, SqlFragment.Builder out) {
        ResolvedPath path = resolve(written);
        if (path == null) {
            out.sql("FALSE");
            return;
        }
        if (ValuePaths.inMemberTable(path.extension(), path.attribute(), membersInOwnTable)) {
            out.sql("r.pk IN (SELECT m.group_pk FROM scim_member m WHERE ");
            if (path.subAttribute() == null) {
                out.sql("(m.member_value <> '' OR m.member_type <> '' OR m.display <> '')");
            } else {
                out.sql(Columns.member(path.subAttribute()).nonEmpty());
            }
            out.sql(")");
            return;
        }
        out.sql("r.pk IN (SELECT v.resource_pk FROM scim_value v WHERE ");
        if (path.subAttribute() == null && path.attribute().isComplex()) {
            // "emails pr" asks whether any element has any non-empty sub-attribute, not just a value.
            List<String> subPaths = new ArrayList<>();
            for (Attribute sub : path.attribute().subAttributes()) {
                if (ValuePaths.filterable(sub)) {
                    subPaths.add(ValuePaths.value(path.extension(), path.attribute(), sub));
                }
            }
            if (subPaths.isEmpty()) {
                out.sql("FALSE");
            } else {
                out.sql("v.path IN (");
                for (int i = 0; i < subPaths.size(); i++) {
                    out.sql(i == 0 ? "" : ", ").parameter(subPaths.get(i));
                }
                out.sql(")");
            }
        } else {
            out.sql("v.path = ").parameter(path.key());
        }
        out.sql(" AND ").sql(Columns.value("v").nonEmpty()).sql(")");
    }

    private void compare(Filter.Compare compare, SqlFragment.Builder out) {
        ResolvedPath path = resolve(compare.path());
        if (path == null) {
            out.sql("FALSE");
            return;
        }
        Attribute target = path.target();
        String name = path.displayName();
        if (target.isComplex()) {
            throw refused(compare);
        }
        if (ValuePaths.inMemberTable(path.extension(), path.attribute(), membersInOwnTable)) {
            out.sql("r.pk IN (SELECT m.group_pk FROM scim_member m WHERE ");
            comparison.write(target, name, compare.operator(), compare.value(), Columns.member(target), out);
        } else {
            out.sql("r.pk IN (SELECT v.resource_pk FROM scim_value v WHERE v.path = ").parameter(path.key()).sql(" AND ");
            comparison.write(target, name, compare.operator(), compare.value(), Columns.value("v"), out);
        }
        out.sql(")");
    }

    private void valuePath(Filter.ValuePath valuePath, SqlFragment.Builder out) {
        ResolvedPath parent = resolve(valuePath.path());
        if (parent == null) {
            out.sql("FALSE");
            return;
        }
        if (!parent.attribute().isComplex() || parent.subAttribute() != null) {
            throw refused(valuePath);
        }
        if (ValuePaths.inMemberTable(parent.extension(), parent.attribute(), membersInOwnTable)) {
            // A scim_member row is one whole element: its columns are tested side by side.
            out.sql("r.pk IN (SELECT m.group_pk FROM scim_member m WHERE ");
            new ElementSql(parent, true).filter(valuePath.filter(), out);
        } else {
            out.sql("r.pk IN (SELECT e.resource_pk FROM scim_value e WHERE e.path = ")
                    .parameter(ValuePaths.element(parent.extension(), parent.attribute())).sql(" AND ");
            new ElementSql(parent, false).filter(valuePath.filter(), out);
        }
        out.sql(")");
    }

    private ResolvedPath resolve(AttributePath written) {
        ResolvedPath path = ResolvedPath.resolve(type, written);
        if (path == null) {
            if (acrossTypes) {
                return null; // at the root, an attribute this type lacks matches nothing here
            }
            throw refused(written);
        }
        if (path.attribute().returned() == Returned.NEVER
                || (path.subAttribute() != null && path.subAttribute().returned() == Returned.NEVER)) {
            throw refused(written); // filtering on it would tell what is never shown
        }
        return path;
    }

    /**
     * What FilterCompiler refuses, with the reasons clients see, before a search reaches a backend;
     * refused here too (as a plain invalidFilter) so SQL is never made of an unchecked filter.
     */
    private static ScimException refused(Object what) {
        return ScimException.invalidFilter("'" + what + "' cannot be used in a filter of this resource type");
    }

    /** The filter inside {@code attr[...]}, whose names are sub-attributes of one element. */
    private final class ElementSql {
        private final ResolvedPath parent;
        private final boolean members;

        ElementSql(ResolvedPath parent, boolean members) {
            this.parent = parent;
            this.members = members;
        }

        void filter(Filter filter, SqlFragment.Builder out) {
            switch (filter) {
                case Filter.And and -> pair(and.left(), " AND ", and.right(), out);
                case Filter.Or or -> pair(or.left(), " OR ", or.right(), out);
                case Filter.Not not -> {
                    out.sql("NOT (");
                    filter(not.filter(), out);
                    out.sql(")");
                }
                case Filter.Present present -> {
                    Attribute sub = sub(present.path());
                    if (members) {
                        out.sql(Columns.member(sub).nonEmpty());
                    } else {
                        sameElement(sub, out);
                        out.sql(Columns.value("s").nonEmpty()).sql(")");
                    }
                }
                case Filter.Compare compare -> {
                    Attribute sub = sub(compare.path());
                    String name = new ResolvedPath(parent.extension(), parent.attribute(), sub).displayName();
                    if (members) {
                        comparison.write(sub, name, compare.operator(), compare.value(), Columns.member(sub), out);
                    } else {
                        sameElement(sub, out);
                        comparison.write(sub, name, compare.operator(), compare.value(), Columns.value("s"), out);
                        out.sql(")");
                    }
                }
                case Filter.ValuePath nested -> throw refused(nested);
            }
        }

        private void pair(Filter left, String operator, Filter right, SqlFragment.Builder out) {
            out.sql("((");
            filter(left, out);
            out.sql(")" + operator + "(");
            filter(right, out);
            out.sql("))");
        }

        /** Opens an EXISTS over the rows of this sub-attribute in the element {@code e}; the caller closes it. */
        private void sameElement(Attribute sub, SqlFragment.Builder out) {
            out.sql("EXISTS (SELECT 1 FROM scim_value s WHERE s.resource_pk = e.resource_pk AND s.path = ")
                    .parameter(ValuePaths.value(parent.extension(), parent.attribute(), sub))
                    .sql(" AND s.elem = e.elem AND ");
        }

        /** The sub-attribute a name inside the brackets means: plain names of the parent's sub-attributes only. */
        private Attribute sub(AttributePath path) {
            Attribute sub = path.schemaUrn() == null && path.subAttribute() == null
                    ? parent.attribute().subAttribute(path.attribute()) : null;
            if (sub == null || sub.returned() == Returned.NEVER) {
                throw refused(path);
            }
            return sub;
        }
    }
}
