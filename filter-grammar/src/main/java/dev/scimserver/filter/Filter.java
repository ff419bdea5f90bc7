package dev.scimserver.filter;

import java.util.Objects;

/**
 * A parsed SCIM filter (RFC 7644 §3.4.2.2) as an immutable tree with value equality. Each node's
 * {@code toString()} is canonical filter text that parses back to an equal tree, with every
 * operand of {@code and}/{@code or} parenthesized, e.g.
 * {@code (userName eq "bjensen") and (not (emails pr))}; a left-associative chain of one operator
 * is written flat, {@code (a pr) or (b pr) or (c pr)}.
 */
public sealed interface Filter permits Filter.And, Filter.Or, Filter.Not, Filter.Present, Filter.Compare, Filter.ValuePath {

    /** Both operands match. */
    record And(Filter left, Filter right) implements Filter {
        public And {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof And that && LogicalChains.equal(this, that);
        }

        @Override
        public int hashCode() {
            return LogicalChains.hash(this);
        }

        @Override
        public String toString() {
            return LogicalChains.text(this);
        }
    }

    /** Either operand matches. */
    record Or(Filter left, Filter right) implements Filter {
        public Or {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Or that && LogicalChains.equal(this, that);
        }

        @Override
        public int hashCode() {
            return LogicalChains.hash(this);
        }

        @Override
        public String toString() {
            return LogicalChains.text(this);
        }
    }

    /** The operand does not match. */
    record Not(Filter filter) implements Filter {
        public Not {
            Objects.requireNonNull(filter, "filter");
        }

        @Override
        public String toString() {
            return "not (" + filter + ")";
        }
    }

    /** {@code attr pr}: the attribute has a value. */
    record Present(AttributePath path) implements Filter {
        public Present {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return path + " pr";
        }
    }

    /** {@code attr op value}. */
    record Compare(AttributePath path, CompareOperator operator, Value value) implements Filter {
        public Compare {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return path + " " + operator.symbol() + " " + value;
        }
    }

    /**
     * {@code emails[type eq "work"]}: {@code path} is the multi-valued attribute and the paths in
     * {@code filter} are relative to its sub-attributes ({@code type} is {@code AttributePath(null, "type", null)}).
     */
    record ValuePath(AttributePath path, Filter filter) implements Filter {
        public ValuePath {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(filter, "filter");
        }

        @Override
        public String toString() {
            return path + "[" + filter + "]";
        }
    }
}
