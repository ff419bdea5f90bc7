package dev.scimserver.store.jdbc;

import dev.scimserver.error.ScimException;
import dev.scimserver.filter.CompareOperator;
import dev.scimserver.filter.Value;
import dev.scimserver.query.FilterCompiler;
import dev.scimserver.schema.Attribute;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The SQL for {@code value op literal} on one row's columns, rule for rule what FilterCompiler's
 * comparison does to one JSON value: strings case-insensitive unless caseExact, dateTimes as
 * instants (their text for co/sw/ew), numbers as numbers, booleans eq/ne only, binary eq/ne
 * case-exact. A search's filter has passed FilterCompiler before it gets here (its explanations
 * are the ones clients see); what it refuses is refused here as well, as a plain invalidFilter.
 */
final class ValueComparison {
    /** The LIKE escape character; patterns escape it, % and _ so a client's text matches literally. */
    private static final char ESCAPE = '\\';

    private final SqlDialect dialect;

    ValueComparison(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /** Writes a condition true when the value in {@code columns} passes; {@code name} is for messages. */
    void write(Attribute target, String name, CompareOperator op, Value literal, Columns columns, SqlFragment.Builder out) {
        if (literal instanceof Value.Null) {
            // "eq null" never matches a value that is there; "ne null" matches every value that is there.
            switch (op) {
                case EQ -> out.sql("FALSE");
                case NE -> out.sql(columns.present() != null ? columns.present() : "TRUE");
                default -> throw refused(name, op, literal);
            }
            return;
        }
        if (columns.present() != null) {
            out.sql("(").sql(columns.present()).sql(" AND ");
        }
        switch (target.type()) {
            case BOOLEAN -> bool(name, op, literal, columns.bool(), out);
            case INTEGER, DECIMAL -> number(name, op, literal, columns.num(), out);
            case DATE_TIME -> dateTime(name, op, literal, columns, out);
            case BINARY -> {
                if (op != CompareOperator.EQ && op != CompareOperator.NE) {
                    throw refused(name, op, literal);
                }
                string(name, op, literal, columns.exact(), true, out);
            }
            case STRING, REFERENCE -> {
                if (target.caseExact() && op == CompareOperator.EQ && columns.folded() != null
                        && literal instanceof Value.Str str) {
                    // The folded column as well: its (path, str_ci) index answers the look-up, so the
                    // tables need no second index on the exact text (one less B-tree to write per value).
                    out.sql(columns.folded()).sql(" = ").parameter(str.value().toLowerCase(Locale.ROOT)).sql(" AND ");
                }
                string(name, op, literal, target.caseExact() ? columns.exact() : columns.folded(), target.caseExact(), out);
            }
            case COMPLEX -> throw refused(name, op, literal);
        }
        if (columns.present() != null) {
            out.sql(")");
        }
    }

    private void string(String name, CompareOperator op, Value literal, String column, boolean caseExact, SqlFragment.Builder out) {
        if (!(literal instanceof Value.Str str)) {
            throw refused(name, op, literal);
        }
        if (column == null) {
            out.sql("FALSE");
            return;
        }
        String wanted = caseExact ? str.value() : str.value().toLowerCase(Locale.ROOT);
        switch (op) {
            case EQ -> out.sql(column).sql(" = ").parameter(wanted);
            case NE -> out.sql(column).sql(" <> ").parameter(wanted);
            case CO -> like(column, "%" + escapeLike(wanted) + "%", out);
            case SW -> like(column, escapeLike(wanted) + "%", out);
            case EW -> like(column, "%" + escapeLike(wanted), out);
            case GT, GE, LT, LE -> out.sql(dialect.ordered(column)).sql(" " + ordering(op) + " ").parameter(wanted);
        }
    }

    private static void like(String column, String pattern, SqlFragment.Builder out) {
        out.sql(column).sql(" LIKE ").parameter(pattern).sql(" ESCAPE '" + ESCAPE + "'");
    }

    /** The text as a LIKE pattern that matches only itself. */
    static String escapeLike(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' || c == '_' || c == ESCAPE) {
                escaped.append(ESCAPE);
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    private static void bool(String name, CompareOperator op, Value literal, String column, SqlFragment.Builder out) {
        // true, false, or (as some clients send them) the strings "true" and "false" in any case
        Boolean wanted = switch (literal) {
            case Value.Bool b -> b.value();
            case Value.Str s when s.value().equalsIgnoreCase("true") || s.value().equalsIgnoreCase("false") ->
                    s.value().equalsIgnoreCase("true");
            default -> null;
        };
        if (wanted == null || (op != CompareOperator.EQ && op != CompareOperator.NE)) {
            throw refused(name, op, literal);
        }
        if (column == null) {
            out.sql("FALSE");
            return;
        }
        out.sql(column).sql(op == CompareOperator.EQ ? " = " : " <> ").parameter(wanted);
    }

    private static void number(String name, CompareOperator op, Value literal, String column, SqlFragment.Builder out) {
        if (!(literal instanceof Value.Num n) || op == CompareOperator.CO || op == CompareOperator.SW || op == CompareOperator.EW) {
            throw refused(name, op, literal);
        }
        BigDecimal wanted = n.value();
        if (column == null) {
            out.sql("FALSE");
            return;
        }
        out.sql(column).sql(" " + ordering(op) + " ").parameter(wanted);
    }

    private void dateTime(String name, CompareOperator op, Value literal, Columns columns, SqlFragment.Builder out) {
        if (!(literal instanceof Value.Str str)) {
            throw refused(name, op, literal);
        }
        if (op == CompareOperator.CO || op == CompareOperator.SW || op == CompareOperator.EW) {
            string(name, op, literal, columns.exact(), true, out); // the text as written, case-exact
            return;
        }
        Instant wanted = FilterCompiler.instant(str.value());
        if (wanted == null) {
            throw refused(name, op, literal);
        }
        if (columns.ts() == null) {
            out.sql("FALSE");
            return;
        }
        out.sql(columns.ts()).sql(" " + ordering(op) + " ").parameter(wanted.atOffset(ZoneOffset.UTC));
    }

    /** What FilterCompiler refuses (and explains); reaching it here means a filter skipped that check. */
    private static ScimException refused(String name, CompareOperator op, Value literal) {
        return ScimException.invalidFilter("'" + name + " " + op.symbol() + " " + literal + "' is not a valid comparison");
    }

    private static String ordering(CompareOperator op) {
        return switch (op) {
            case EQ -> "=";
            case NE -> "<>";
            case GT -> ">";
            case GE -> ">=";
            case LT -> "<";
            case LE -> "<=";
            case CO, SW, EW -> throw new IllegalArgumentException(op + " is not an ordering");
        };
    }
}
