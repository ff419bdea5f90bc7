package dev.scimserver.filter;

import java.math.BigDecimal;

/** Short factories so expected trees in tests read like the filters they stand for. */
final class Trees {

    static final String CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String ENTERPRISE_USER = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private Trees() {
    }

    static AttributePath attr(String name) {
        return new AttributePath(null, name, null);
    }

    static AttributePath attr(String name, String sub) {
        return new AttributePath(null, name, sub);
    }

    static AttributePath urn(String schema, String name, String sub) {
        return new AttributePath(schema, name, sub);
    }

    static Value str(String value) {
        return new Value.Str(value);
    }

    static Value num(String value) {
        return new Value.Num(new BigDecimal(value));
    }

    static Filter cmp(AttributePath path, CompareOperator operator, Value value) {
        return new Filter.Compare(path, operator, value);
    }

    static Filter cmp(String path, CompareOperator operator, String value) {
        return cmp(attr(path), operator, str(value));
    }

    static Filter pr(String path) {
        return new Filter.Present(attr(path));
    }

    static Filter and(Filter left, Filter right) {
        return new Filter.And(left, right);
    }

    static Filter or(Filter left, Filter right) {
        return new Filter.Or(left, right);
    }

    static Filter not(Filter filter) {
        return new Filter.Not(filter);
    }

    static Filter valuePath(String path, Filter filter) {
        return new Filter.ValuePath(attr(path), filter);
    }
}
