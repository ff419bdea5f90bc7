package dev.scimserver.filter;

import static dev.scimserver.filter.TokenScanner.column;

import dev.scimserver.filter.internal.ScimFilterParser;
import dev.scimserver.filter.internal.ScimFilterParser.AttrPathContext;
import dev.scimserver.filter.internal.ScimFilterParser.AttrTailContext;
import dev.scimserver.filter.internal.ScimFilterParser.CompValueContext;
import dev.scimserver.filter.internal.ScimFilterParser.FactorContext;
import dev.scimserver.filter.internal.ScimFilterParser.FilterContext;
import dev.scimserver.filter.internal.ScimFilterParser.PathContext;
import dev.scimserver.filter.internal.ScimFilterParser.TermContext;
import java.math.BigDecimal;
import org.antlr.v4.runtime.Token;

/**
 * Builds the public AST from ANTLR's parse tree and applies the rules the grammar leaves to Java:
 * attribute-name shape, JSON string escapes, no value path inside a value path, and bare
 * (unquoted) values only in lenient mode. Recursion follows '(' / '[' nesting only, which
 * {@link InputGuard} has already bounded; and/or chains are folded in loops.
 */
final class TreeBuilder {

    private final boolean lenient;

    /** @param lenient accept a bare word as a string comparison value */
    TreeBuilder(boolean lenient) {
        this.lenient = lenient;
    }

    Filter filter(FilterContext context, boolean insideValuePath) {
        Filter result = term(context.term(0), insideValuePath);
        for (int i = 1; i < context.term().size(); i++) {
            result = new Filter.Or(result, term(context.term(i), insideValuePath)); // left-associative
        }
        return result;
    }

    PatchPath path(PathContext context) {
        AttributePath attribute = attributePath(context.attrPath());
        if (context.LBRACKET() == null) {
            return new PatchPath(attribute, null, null);
        }
        Filter valueFilter = filter(context.filter(), true);
        Token sub = context.NAME() == null ? null : context.NAME().getSymbol();
        if (sub != null && !AttributeNames.isAttrName(sub.getText())) {
            throw new FilterParseException("invalid sub-attribute '" + sub.getText() + "' at column " + column(sub)
                    + " after the value filter: expected a single attribute name", column(sub));
        }
        return new PatchPath(attribute, valueFilter, sub == null ? null : sub.getText());
    }

    private Filter term(TermContext context, boolean insideValuePath) {
        Filter result = factor(context.factor(0), insideValuePath);
        for (int i = 1; i < context.factor().size(); i++) {
            result = new Filter.And(result, factor(context.factor(i), insideValuePath));
        }
        return result;
    }

    private Filter factor(FactorContext context, boolean insideValuePath) {
        if (context.NOT() != null) {
            return new Filter.Not(filter(context.filter(), insideValuePath));
        }
        if (context.LPAREN() != null) {
            return filter(context.filter(), insideValuePath);
        }
        AttributePath path = attributePath(context.attrPath());
        AttrTailContext tail = context.attrTail();
        if (tail.LBRACKET() != null) {
            if (insideValuePath) {
                // RFC 7644 errata 4690: a valFilter holds sub-attribute expressions only.
                int at = column(context.getStart());
                throw new FilterParseException("nested value paths are not allowed (column " + at + ")", at);
            }
            return new Filter.ValuePath(path, filter(tail.filter(), true));
        }
        if (tail.PR() != null) {
            return new Filter.Present(path);
        }
        return new Filter.Compare(path, operator(tail.compareOp().getStart()), value(tail.compValue()));
    }

    private static AttributePath attributePath(AttrPathContext context) {
        Token name = context.NAME().getSymbol();
        return AttributeNames.parse(name.getText(), column(name));
    }

    private static CompareOperator operator(Token token) {
        return switch (token.getType()) {
            case ScimFilterParser.EQ -> CompareOperator.EQ;
            case ScimFilterParser.NE -> CompareOperator.NE;
            case ScimFilterParser.CO -> CompareOperator.CO;
            case ScimFilterParser.SW -> CompareOperator.SW;
            case ScimFilterParser.EW -> CompareOperator.EW;
            case ScimFilterParser.GT -> CompareOperator.GT;
            case ScimFilterParser.GE -> CompareOperator.GE;
            case ScimFilterParser.LT -> CompareOperator.LT;
            case ScimFilterParser.LE -> CompareOperator.LE;
            default -> throw new IllegalStateException("not a comparison operator: " + token);
        };
    }

    private Value value(CompValueContext context) {
        Token token = context.getStart();
        return switch (token.getType()) {
            case ScimFilterParser.STRING -> new Value.Str(JsonStrings.decode(token.getText(), column(token)));
            case ScimFilterParser.NUMBER -> number(token);
            case ScimFilterParser.TRUE -> new Value.Bool(true);
            case ScimFilterParser.FALSE -> new Value.Bool(false);
            case ScimFilterParser.NULL -> new Value.Null();
            case ScimFilterParser.BARE -> bare(token);
            default -> throw new IllegalStateException("not a value: " + token);
        };
    }

    /** A JSON number; one whose exponent does not fit (1e9999999999) is refused, not thrown as NumberFormatException. */
    private Value number(Token token) {
        try {
            return new Value.Num(new BigDecimal(token.getText()));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new FilterParseException("the number '" + token.getText() + "' at column " + column(token)
                    + " is out of range", column(token));
        }
    }

    private Value bare(Token token) {
        if (lenient) {
            return new Value.Str(token.getText());
        }
        throw new FilterParseException("value '" + token.getText() + "' at column " + column(token)
                + " is not a JSON literal; put strings in double quotes (\"" + token.getText() + "\")", column(token));
    }
}
