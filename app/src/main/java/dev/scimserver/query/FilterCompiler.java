package dev.scimserver.query;

import dev.scimserver.error.ScimException;
import dev.scimserver.filter.CompareOperator;
import dev.scimserver.filter.Filter;
import dev.scimserver.filter.Value;
import dev.scimserver.schema.Attribute;
import dev.scimserver.schema.AttributeType;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.Returned;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Turns a parsed filter into a predicate over stored representations of one resource type
 * (RFC 7644 §3.4.2.2). All checking happens here, once per request, not per resource: unknown
 * attributes, attributes never returned (filtering on them would leak them), and operators that
 * make no sense for a type (gt on a boolean) are refused as {@code invalidFilter}.
 *
 * <p>Semantics: strings compare case-insensitively unless caseExact; dateTimes chronologically;
 * numbers numerically; a multi-valued attribute matches when any value does; an absent attribute
 * matches no comparison and is not present.
 */
public final class FilterCompiler {
    private final ResourceType type;
    private final boolean unknownMatchesNothing;

    private FilterCompiler(ResourceType type, boolean unknownMatchesNothing) {
        this.type = type;
        this.unknownMatchesNothing = unknownMatchesNothing;
    }

    /** Compiles a filter; an unknown attribute is a 400 {@code invalidFilter}. */
    public static CompiledFilter compile(Filter filter, ResourceType type) {
        return new FilterCompiler(type, false).compiled(filter);
    }

    /**
     * Compiles a filter for one of several resource types searched together (RFC 7644 §3.4.3 at the
     * root): an attribute this type lacks simply matches nothing here.
     */
    public static CompiledFilter compileAcrossTypes(Filter filter, ResourceType type) {
        return new FilterCompiler(type, true).compiled(filter);
    }

    /**
     * The filter of a value path ({@code emails[type eq "work"]}) as a test of one element of the
     * multi-valued attribute {@code parent}; PATCH uses it to pick the values an operation targets.
     */
    public static Predicate<JsonObject> compileElementFilter(ResolvedPath parent, Filter filter) {
        return new FilterCompiler(null, false).new ElementCompiler(parent).predicate(filter);
    }

    private CompiledFilter compiled(Filter filter) {
        List<IndexHint> hints = new ArrayList<>();
        collectHints(filter, hints);
        // Public searches always re-check what an index returns: the index is updated around a write, and a
        // reader must never get a resource whose body does not match. Only Membership opts out, knowingly.
        return new CompiledFilter(predicate(filter), hints, false);
    }

    private Predicate<JsonObject> predicate(Filter filter) {
        return switch (filter) {
            case Filter.And and -> {
                List<Predicate<JsonObject>> parts = new ArrayList<>();
                flatten(and, Filter.And.class, parts);
                yield r -> {
                    for (Predicate<JsonObject> p : parts) {
                        if (!p.test(r)) {
                            return false;
                        }
                    }
                    return true;
                };
            }
            case Filter.Or or -> {
                List<Predicate<JsonObject>> parts = new ArrayList<>();
                flatten(or, Filter.Or.class, parts);
                yield r -> {
                    for (Predicate<JsonObject> p : parts) {
                        if (p.test(r)) {
                            return true;
                        }
                    }
                    return false;
                };
            }
            case Filter.Not not -> predicate(not.filter()).negate();
            case Filter.Present present -> {
                ResolvedPath path = path(present.path());
                if (path == null) {
                    yield r -> false;
                }
                if (path.subAttribute() == null) {
                    yield r -> {
                        JsonValue value = path.attributeValue(r);
                        return value != null && nonEmpty(value);
                    };
                }
                yield r -> anyValue(path.values(r), FilterCompiler::nonEmpty);
            }
            case Filter.Compare compare -> {
                ResolvedPath path = path(compare.path());
                if (path == null) {
                    yield r -> false;
                }
                Predicate<JsonValue> test = comparison(path, compare.operator(), compare.value());
                yield r -> anyValue(path.values(r), test);
            }
            case Filter.ValuePath valuePath -> {
                ResolvedPath parent = path(valuePath.path());
                if (parent == null) {
                    yield r -> false;
                }
                if (!parent.attribute().isComplex() || parent.subAttribute() != null) {
                    throw ScimException.invalidFilter("'" + valuePath.path() + "[...]' needs a complex attribute, like emails[type eq \"work\"]");
                }
                Predicate<JsonObject> element = new ElementCompiler(parent).predicate(valuePath.filter());
                yield r -> {
                    JsonValue value = parent.attributeValue(r);
                    if (value instanceof JsonArray array) {
                        for (JsonValue item : array) {
                            if (item instanceof JsonObject object && element.test(object)) {
                                return true;
                            }
                        }
                        return false;
                    }
                    return value instanceof JsonObject object && element.test(object);
                };
            }
        };
    }

    /** Flattens a chain of one logical operator iteratively: long chains must not recurse per operand. */
    private <T extends Filter> void flatten(Filter root, Class<T> kind, List<Predicate<JsonObject>> out) {
        List<Filter> stack = new ArrayList<>();
        stack.add(root);
        while (!stack.isEmpty()) {
            Filter f = stack.removeLast();
            if (kind.isInstance(f)) {
                Filter left = f instanceof Filter.And a ? a.left() : ((Filter.Or) f).left();
                Filter right = f instanceof Filter.And a ? a.right() : ((Filter.Or) f).right();
                stack.add(right);
                stack.add(left);
            } else {
                out.add(predicate(f));
            }
        }
    }

    private ResolvedPath path(dev.scimserver.filter.AttributePath path) {
        ResolvedPath resolved = ResolvedPath.resolve(type, path);
        if (resolved == null) {
            if (unknownMatchesNothing) {
                return null;
            }
            throw ScimException.invalidFilter("Unknown attribute '" + path + "' in the filter; " + type.name()
                    + "'s attributes are listed at /Schemas");
        }
        checkFilterable(resolved, path.toString());
        return resolved;
    }

    private static void checkFilterable(ResolvedPath path, String text) {
        if (path.attribute().returned() == Returned.NEVER
                || (path.subAttribute() != null && path.subAttribute().returned() == Returned.NEVER)) {
            throw ScimException.invalidFilter("'" + text + "' cannot be used in a filter: it is never returned");
        }
    }

    private static boolean nonEmpty(JsonValue value) {
        return switch (value.getValueType()) {
            case NULL -> false;
            case STRING -> !((JsonString) value).getString().isEmpty();
            case ARRAY -> {
                for (JsonValue item : value.asJsonArray()) {
                    if (nonEmpty(item)) {
                        yield true;
                    }
                }
                yield false;
            }
            case OBJECT -> {
                for (JsonValue item : value.asJsonObject().values()) {
                    if (nonEmpty(item)) {
                        yield true;
                    }
                }
                yield false;
            }
            default -> true;
        };
    }

    private static boolean anyValue(List<JsonValue> values, Predicate<JsonValue> test) {
        for (JsonValue v : values) {
            if (test.test(v)) {
                return true;
            }
        }
        return false;
    }

    /** The test one value must pass for {@code attribute op literal}; the type checks happen now. */
    static Predicate<JsonValue> comparison(ResolvedPath path, CompareOperator op, Value literal) {
        Attribute target = path.target();
        String name = path.displayName();
        if (target.isComplex()) {
            throw ScimException.invalidFilter("'" + name + "' is complex; compare one of its sub-attributes, like "
                    + name + "." + target.subAttributes().getFirst().name());
        }
        if (literal instanceof Value.Null) {
            // "attr eq null" reads as "has no value"; since absent values never reach this test, eq never matches.
            if (op == CompareOperator.EQ) {
                return v -> false;
            }
            if (op == CompareOperator.NE) {
                return v -> v != JsonValue.NULL;
            }
            throw ScimException.invalidFilter("'" + op.symbol() + " null' makes no sense; use 'pr' or 'not (" + name + " pr)'");
        }
        return switch (target.type()) {
            case BOOLEAN -> booleanComparison(name, op, literal);
            case INTEGER, DECIMAL -> numberComparison(name, op, literal);
            case DATE_TIME -> dateComparison(name, op, literal);
            case BINARY -> {
                if (op != CompareOperator.EQ && op != CompareOperator.NE) {
                    throw ScimException.invalidFilter("'" + op.symbol() + "' cannot compare the binary attribute '" + name + "'; use eq or ne");
                }
                yield stringComparison(name, op, literal, true);
            }
            case STRING, REFERENCE -> stringComparison(name, op, literal, target.caseExact());
            case COMPLEX -> throw new IllegalStateException("complex handled above");
        };
    }

    private static Predicate<JsonValue> stringComparison(String name, CompareOperator op, Value literal, boolean caseExact) {
        if (!(literal instanceof Value.Str str)) {
            throw ScimException.invalidFilter("'" + name + "' is a string; compare it with a quoted string, not " + literal);
        }
        String wanted = caseExact ? str.value() : str.value().toLowerCase(Locale.ROOT);
        return v -> {
            if (!(v instanceof JsonString s)) {
                return false;
            }
            String actual = caseExact ? s.getString() : s.getString().toLowerCase(Locale.ROOT);
            return switch (op) {
                case EQ -> actual.equals(wanted);
                case NE -> !actual.equals(wanted);
                case CO -> actual.contains(wanted);
                case SW -> actual.startsWith(wanted);
                case EW -> actual.endsWith(wanted);
                case GT -> actual.compareTo(wanted) > 0;
                case GE -> actual.compareTo(wanted) >= 0;
                case LT -> actual.compareTo(wanted) < 0;
                case LE -> actual.compareTo(wanted) <= 0;
            };
        };
    }

    private static Predicate<JsonValue> booleanComparison(String name, CompareOperator op, Value literal) {
        if (op != CompareOperator.EQ && op != CompareOperator.NE) {
            throw ScimException.invalidFilter("'" + op.symbol() + "' cannot compare the boolean attribute '" + name + "'; use eq or ne");
        }
        boolean wanted;
        if (literal instanceof Value.Bool b) {
            wanted = b.value();
        } else if (literal instanceof Value.Str s && (s.value().equalsIgnoreCase("true") || s.value().equalsIgnoreCase("false"))) {
            wanted = Boolean.parseBoolean(s.value().toLowerCase(Locale.ROOT));
        } else {
            throw ScimException.invalidFilter("'" + name + "' is a boolean; compare it with true or false, not " + literal);
        }
        JsonValue wantedJson = wanted ? JsonValue.TRUE : JsonValue.FALSE;
        return op == CompareOperator.EQ ? v -> v == wantedJson : v -> (v == JsonValue.TRUE || v == JsonValue.FALSE) && v != wantedJson;
    }

    private static Predicate<JsonValue> numberComparison(String name, CompareOperator op, Value literal) {
        BigDecimal wanted;
        if (literal instanceof Value.Num n) {
            wanted = n.value();
        } else {
            throw ScimException.invalidFilter("'" + name + "' is a number; compare it with a number, not " + literal);
        }
        if (op == CompareOperator.CO || op == CompareOperator.SW || op == CompareOperator.EW) {
            throw ScimException.invalidFilter("'" + op.symbol() + "' works on strings; '" + name + "' is a number");
        }
        return v -> v instanceof JsonNumber number && ordered(op, number.bigDecimalValue().compareTo(wanted));
    }

    private static Predicate<JsonValue> dateComparison(String name, CompareOperator op, Value literal) {
        if (!(literal instanceof Value.Str str)) {
            throw ScimException.invalidFilter("'" + name + "' is a dateTime; compare it with a quoted date like \"2024-01-31T00:00:00Z\"");
        }
        if (op == CompareOperator.CO || op == CompareOperator.SW || op == CompareOperator.EW) {
            return stringComparison(name, op, literal, true);
        }
        Instant wanted = instant(str.value());
        if (wanted == null) {
            throw ScimException.invalidFilter("'" + str.value() + "' is not a dateTime; write it like \"2024-01-31T00:00:00Z\"");
        }
        return v -> {
            if (!(v instanceof JsonString s)) {
                return false;
            }
            Instant actual = instant(s.getString());
            return actual != null && ordered(op, actual.compareTo(wanted));
        };
    }

    private static boolean ordered(CompareOperator op, int c) {
        return switch (op) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case GT -> c > 0;
            case GE -> c >= 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            default -> false;
        };
    }

    /**
     * Parses an xsd:dateTime; one without a zone is taken as UTC. Null when it is not a date. Public so
     * a backend that stores dateTimes typed (the JDBC one) reads them exactly as filters compare them.
     */
    public static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** Equalities required by the whole filter: top-level compares and value paths joined by "and". */
    private void collectHints(Filter filter, List<IndexHint> hints) {
        switch (filter) {
            case Filter.And and -> {
                collectHints(and.left(), hints);
                collectHints(and.right(), hints);
            }
            case Filter.Compare compare when compare.operator() == CompareOperator.EQ && compare.value() instanceof Value.Str s -> {
                ResolvedPath path = ResolvedPath.resolve(type, compare.path());
                if (path != null && isIndexable(path.target())) {
                    hints.add(new IndexHint(path.key(), ResolvedPath.normalize(path.target(), s.value())));
                }
            }
            case Filter.ValuePath valuePath -> {
                ResolvedPath parent = ResolvedPath.resolve(type, valuePath.path());
                if (parent != null && parent.subAttribute() == null) {
                    collectElementHints(parent, valuePath.filter(), hints);
                }
            }
            default -> {
            }
        }
    }

    private static void collectElementHints(ResolvedPath parent, Filter filter, List<IndexHint> hints) {
        switch (filter) {
            case Filter.And and -> {
                collectElementHints(parent, and.left(), hints);
                collectElementHints(parent, and.right(), hints);
            }
            case Filter.Compare compare when compare.operator() == CompareOperator.EQ && compare.value() instanceof Value.Str s
                    && compare.path().schemaUrn() == null && compare.path().subAttribute() == null -> {
                ResolvedPath path = ResolvedPath.resolveWithin(parent, compare.path().attribute());
                if (path != null && isIndexable(path.target())) {
                    hints.add(new IndexHint(path.key(), ResolvedPath.normalize(path.target(), s.value())));
                }
            }
            default -> {
            }
        }
    }

    private static boolean isIndexable(Attribute attribute) {
        return attribute.type() == AttributeType.STRING || attribute.type() == AttributeType.REFERENCE;
    }

    /** Compiles the filter inside a value path, whose names are the parent's sub-attributes. */
    private final class ElementCompiler {
        private final ResolvedPath parent;

        ElementCompiler(ResolvedPath parent) {
            this.parent = parent;
        }

        Predicate<JsonObject> predicate(Filter filter) {
            return switch (filter) {
                case Filter.And and -> {
                    Predicate<JsonObject> l = predicate(and.left());
                    Predicate<JsonObject> r = predicate(and.right());
                    yield e -> l.test(e) && r.test(e);
                }
                case Filter.Or or -> {
                    Predicate<JsonObject> l = predicate(or.left());
                    Predicate<JsonObject> r = predicate(or.right());
                    yield e -> l.test(e) || r.test(e);
                }
                case Filter.Not not -> predicate(not.filter()).negate();
                case Filter.Present present -> {
                    Attribute sub = sub(present.path());
                    yield e -> {
                        JsonValue v = e.get(sub.name());
                        return v != null && nonEmpty(v);
                    };
                }
                case Filter.Compare compare -> {
                    Attribute sub = sub(compare.path());
                    Predicate<JsonValue> test = comparison(new ResolvedPath(parent.extension(), parent.attribute(), sub),
                            compare.operator(), compare.value());
                    yield e -> {
                        JsonValue v = e.get(sub.name());
                        return v != null && v != JsonValue.NULL && test.test(v);
                    };
                }
                case Filter.ValuePath nested -> throw ScimException.invalidFilter("Value paths cannot be nested: " + nested);
            };
        }

        private Attribute sub(dev.scimserver.filter.AttributePath path) {
            if (path.schemaUrn() != null || path.subAttribute() != null) {
                throw ScimException.invalidFilter("Inside " + parent.attribute().name() + "[...] name a sub-attribute of "
                        + parent.attribute().name() + ", not '" + path + "'");
            }
            Attribute sub = parent.attribute().subAttribute(path.attribute());
            if (sub == null) {
                throw ScimException.invalidFilter("'" + parent.attribute().name() + "' has no sub-attribute '" + path.attribute() + "'");
            }
            checkFilterable(new ResolvedPath(parent.extension(), parent.attribute(), sub), path.toString());
            return sub;
        }
    }
}
