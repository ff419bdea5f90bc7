package dev.scimserver.query;

import dev.scimserver.filter.AttributePath;
import dev.scimserver.filter.CompareOperator;
import dev.scimserver.filter.Filter;
import dev.scimserver.filter.Value;
import dev.scimserver.schema.CommonAttributes;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Rewrites comparisons on {@code meta.location} into filters on {@code id}. Stored resources have
 * no location: each response computes it as {@code prefix + id}, the prefix being base URL, endpoint
 * and "/" of one resource type. Filtering must match what a response shows, and since the prefix is
 * constant per request and type, every comparison on the location is a comparison on the id; the
 * result is a plain filter, so the in-memory evaluator and the SQL translation need nothing new.
 * Both attributes are caseExact, so the rewrite is exact; a resource's id is never empty.
 */
public final class LocationFilters {
    private static final AttributePath ID = AttributePath.of(CommonAttributes.ID);
    // Every resource has an id, so "id pr" is true; true and false need no AST types of their own.
    private static final Filter TRUE = new Filter.Present(ID);
    private static final Filter FALSE = new Filter.Not(TRUE);

    private LocationFilters() {
    }

    /** The filter with each {@code meta.location} test on {@code id}; the same instance when it has none. */
    public static Filter rewrite(Filter filter, String prefix) {
        return map(filter, leaf -> rewriteLeaf(leaf, prefix));
    }

    private static Filter rewriteLeaf(Filter leaf, String prefix) {
        return switch (leaf) {
            case Filter.Present p when isMeta(p.path(), "location") -> TRUE;
            case Filter.Compare c when isMeta(c.path(), "location") -> compare(c, prefix);
            case Filter.ValuePath v when isMeta(v.path(), null) -> flattenMeta(v, prefix);
            default -> leaf;
        };
    }

    // Only the unqualified spelling: the compiler resolves meta that way alone (a URN-qualified one is unknown).
    private static boolean isMeta(AttributePath path, String subAttribute) {
        return path.schemaUrn() == null && CommonAttributes.META.equalsIgnoreCase(path.attribute())
                && (subAttribute == null ? path.subAttribute() == null : subAttribute.equalsIgnoreCase(path.subAttribute()));
    }

    /**
     * meta is single-valued, so {@code meta[f]} is f on meta's sub-attributes: written as
     * {@code meta.<sub>} tests, its location tests can be rewritten like any other. Anything the
     * compiler would refuse inside the brackets is left alone, so it still gets today's error.
     */
    private static Filter flattenMeta(Filter.ValuePath valuePath, String prefix) {
        boolean hasLocation = false;
        for (Filter leaf : leaves(valuePath.filter())) {
            AttributePath path = switch (leaf) {
                case Filter.Present p -> p.path();
                case Filter.Compare c -> c.path();
                default -> null;
            };
            if (path == null || path.schemaUrn() != null || path.subAttribute() != null
                    || CommonAttributes.META_ATTRIBUTE.subAttribute(path.attribute()) == null) {
                return valuePath;
            }
            hasLocation |= "location".equalsIgnoreCase(path.attribute());
        }
        if (!hasLocation) {
            return valuePath;
        }
        String meta = valuePath.path().attribute();
        return map(valuePath.filter(), leaf -> switch (leaf) {
            case Filter.Present p -> rewriteLeaf(new Filter.Present(AttributePath.of(meta, p.path().attribute())), prefix);
            case Filter.Compare c -> rewriteLeaf(new Filter.Compare(AttributePath.of(meta, c.path().attribute()), c.operator(), c.value()), prefix);
            default -> throw new IllegalStateException("checked above: " + leaf);
        });
    }

    /** {@code meta.location op value} as a test on the id; non-strings are left for the compiler to refuse. */
    private static Filter compare(Filter.Compare compare, String prefix) {
        if (!(compare.value() instanceof Value.Str str)) {
            return compare;
        }
        String v = str.value();
        String rest = v.startsWith(prefix) ? v.substring(prefix.length()) : null;
        CompareOperator op = compare.operator();
        return switch (op) {
            case EQ -> rest != null && !rest.isEmpty() ? id(op, rest) : FALSE;
            case NE -> rest != null && !rest.isEmpty() ? id(op, rest) : TRUE;
            case SW -> prefix.startsWith(v) ? TRUE : rest != null ? id(op, rest) : FALSE;
            case EW -> {
                // V ends inside the id, or starts in the prefix's tail and the id is all the rest (never empty).
                List<Filter> options = new ArrayList<>(List.of(id(CompareOperator.EW, v)));
                for (int k = 1; k < v.length(); k++) {
                    if (prefix.endsWith(v.substring(0, k))) {
                        options.add(id(CompareOperator.EQ, v.substring(k)));
                    }
                }
                yield or(options);
            }
            case CO -> {
                if (prefix.contains(v)) {
                    yield TRUE;
                }
                // V lies inside the id, or starts in the prefix's tail and the id begins with the rest.
                List<Filter> options = new ArrayList<>(List.of(id(CompareOperator.CO, v)));
                for (int k = 1; k < v.length(); k++) {
                    if (prefix.endsWith(v.substring(0, k))) {
                        options.add(id(CompareOperator.SW, v.substring(k)));
                    }
                }
                yield or(options);
            }
            case GT, GE, LT, LE -> rest != null ? id(op, rest) : holds(op, differenceFromPrefix(prefix, v)) ? TRUE : FALSE;
        };
    }

    /**
     * The sign of {@code (prefix + id).compareTo(v)} for any id, when v does not start with the
     * prefix: their first differing character decides, or, if there is none, v is a proper prefix
     * of the prefix and so shorter than every location.
     */
    private static int differenceFromPrefix(String prefix, String v) {
        for (int i = 0; i < Math.min(prefix.length(), v.length()); i++) {
            if (prefix.charAt(i) != v.charAt(i)) {
                return prefix.charAt(i) - v.charAt(i);
            }
        }
        return 1;
    }

    private static boolean holds(CompareOperator op, int sign) {
        return switch (op) {
            case GT -> sign > 0;
            case GE -> sign >= 0;
            case LT -> sign < 0;
            case LE -> sign <= 0;
            default -> throw new IllegalArgumentException(op.symbol());
        };
    }

    private static Filter id(CompareOperator op, String value) {
        return new Filter.Compare(ID, op, new Value.Str(value));
    }

    private static Filter or(List<Filter> options) {
        Filter result = options.getFirst();
        for (Filter option : options.subList(1, options.size())) {
            result = new Filter.Or(result, option);
        }
        return result;
    }

    /**
     * Replaces each leaf (not an and, or, not) through {@code leaf}, rebuilding only what changed.
     * Iterative with explicit stacks: and/or chains can have thousands of operands.
     */
    private static Filter map(Filter root, UnaryOperator<Filter> leaf) {
        record Visit(Filter node, boolean childrenDone) {
        }
        List<Visit> todo = new ArrayList<>(List.of(new Visit(root, false)));
        List<Filter> done = new ArrayList<>();
        while (!todo.isEmpty()) {
            Visit visit = todo.removeLast();
            Filter node = visit.node();
            if (!visit.childrenDone()) {
                List<Filter> children = children(node);
                if (children.isEmpty()) {
                    done.add(leaf.apply(node));
                } else {
                    todo.add(new Visit(node, true));
                    for (Filter child : children.reversed()) {
                        todo.add(new Visit(child, false));
                    }
                }
                continue;
            }
            switch (node) {
                case Filter.And and -> {
                    Filter right = done.removeLast();
                    Filter left = done.removeLast();
                    done.add(left == and.left() && right == and.right() ? and : new Filter.And(left, right));
                }
                case Filter.Or or -> {
                    Filter right = done.removeLast();
                    Filter left = done.removeLast();
                    done.add(left == or.left() && right == or.right() ? or : new Filter.Or(left, right));
                }
                case Filter.Not not -> {
                    Filter inner = done.removeLast();
                    done.add(inner == not.filter() ? not : new Filter.Not(inner));
                }
                default -> throw new IllegalStateException("a leaf has no children: " + node);
            }
        }
        return done.getFirst();
    }

    private static List<Filter> leaves(Filter root) {
        List<Filter> leaves = new ArrayList<>();
        List<Filter> stack = new ArrayList<>(List.of(root));
        while (!stack.isEmpty()) {
            Filter node = stack.removeLast();
            List<Filter> children = children(node);
            if (children.isEmpty()) {
                leaves.add(node);
            } else {
                stack.addAll(children);
            }
        }
        return leaves;
    }

    private static List<Filter> children(Filter node) {
        return switch (node) {
            case Filter.And and -> List.of(and.left(), and.right());
            case Filter.Or or -> List.of(or.left(), or.right());
            case Filter.Not not -> List.of(not.filter());
            default -> List.of();
        };
    }
}
