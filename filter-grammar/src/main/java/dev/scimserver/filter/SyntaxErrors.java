package dev.scimserver.filter;

import static dev.scimserver.filter.TokenScanner.column;

import dev.scimserver.filter.internal.ScimFilterParser;
import dev.scimserver.filter.internal.ScimFilterParser.AttrTailContext;
import dev.scimserver.filter.internal.ScimFilterParser.CompValueContext;
import dev.scimserver.filter.internal.ScimFilterParser.FactorContext;
import dev.scimserver.filter.internal.ScimFilterParser.FilterTextContext;
import dev.scimserver.filter.internal.ScimFilterParser.PathContext;
import dev.scimserver.filter.internal.ScimFilterParser.PathTextContext;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Turns the parser's first {@link RecognitionException} into a {@link FilterParseException} a person
 * can act on. ANTLR's own messages ("mismatched input 'x' expecting {...}") name token types; here
 * the rule being parsed and the token before the failure say what was actually missing.
 */
final class SyntaxErrors {

    private static final String VALUE_KINDS = "a string in double quotes, a number, true, false or null";
    private static final String OPERATORS = "eq, ne, co, sw, ew, gt, ge, lt, le, pr or '['";

    private SyntaxErrors() {
    }

    /**
     * @param e      the parser's exception
     * @param tokens the token stream that was parsed
     * @param what   "filter" or "path", for messages
     */
    static FilterParseException describe(RecognitionException e, TokenStream tokens, String what) {
        Token found = e.getOffendingToken();
        Token previous = found.getTokenIndex() > 0 ? tokens.get(found.getTokenIndex() - 1) : null;
        ParserRuleContext context = (ParserRuleContext) e.getCtx();
        boolean atRuleStart = context.getStart().getTokenIndex() == found.getTokenIndex();
        int at = column(found);

        if (previous != null && previous.getType() == ScimFilterParser.PR && isLiteral(found)) {
            return error("'pr' takes no value (column " + column(previous) + ")", column(previous));
        }
        if (context instanceof CompValueContext) {
            return isEnd(found)
                    ? error("missing value at column " + at + " after '" + previous.getText() + "'; expected "
                            + VALUE_KINDS, at)
                    : error("expected a value at column " + at + " after '" + previous.getText() + "' ("
                            + VALUE_KINDS + "), found " + describe(found), at);
        }
        if (context instanceof AttrTailContext && atRuleStart) {
            if (found.getType() == ScimFilterParser.NAME) {
                return error("unknown operator '" + found.getText() + "' at column " + at + "; expected " + OPERATORS, at);
            }
            return isEnd(found)
                    ? error("missing operator at column " + at + " after '" + previous.getText() + "'; expected "
                            + OPERATORS, at)
                    : error("expected an operator at column " + at + " after '" + previous.getText() + "' ("
                            + OPERATORS + "), found " + describe(found), at);
        }
        if (context instanceof FactorContext && atRuleStart) {
            return missingOperand(found, previous);
        }
        if (context instanceof FactorContext && previous.getType() == ScimFilterParser.NOT) {
            return error("'not' at column " + column(previous) + " must be followed by '(', found " + describe(found),
                    at);
        }
        if (context instanceof FilterTextContext || context instanceof PathTextContext) {
            return error("unexpected " + describe(found) + " at column " + at + " after a complete " + what, at);
        }
        if (context instanceof PathContext && previous.getType() == ScimFilterParser.DOT) {
            return error("expected a sub-attribute name at column " + at + " after '.', found " + describe(found), at);
        }
        if (context instanceof ScimFilterParser.AttrPathContext) {
            return error("expected an attribute path at column " + at + ", found " + describe(found), at);
        }
        return error("unexpected " + describe(found) + " at column " + at + "; expected "
                + expected(e.getExpectedTokens(), previous), at);
    }

    /** A filter (an attribute path, '(' or 'not') was expected but something else came. */
    private static FilterParseException missingOperand(Token found, Token previous) {
        int at = column(found);
        if (previous != null && isLogical(previous)) {
            return error("'" + previous.getText() + "' at column " + column(previous) + " is missing its right operand"
                    + (isEnd(found) ? "" : ": found " + describe(found) + " at column " + at), column(previous));
        }
        if (isLogical(found)) {
            return error("'" + found.getText() + "' at column " + at + " is missing its left operand", at);
        }
        String after = previous == null ? "" : " after '" + previous.getText() + "'";
        return error("expected an attribute path, '(' or 'not' at column " + at + after + ", found "
                + describe(found), at);
    }

    /** Readable alternatives for the generic fallback; after a complete expression and/or also fit. */
    private static String expected(IntervalSet expected, Token previous) {
        List<String> names = new ArrayList<>();
        if (expected.contains(ScimFilterParser.RPAREN) || expected.contains(ScimFilterParser.RBRACKET)) {
            names.add("'and'");
            names.add("'or'");
        }
        for (int type : expected.toArray()) {
            names.add(type == Token.EOF ? "the end" : ScimFilterParser.VOCABULARY.getDisplayName(type));
        }
        if (names.isEmpty()) {
            return "something else after '" + previous.getText() + "'";
        }
        String last = names.remove(names.size() - 1);
        return names.isEmpty() ? last : String.join(", ", names) + " or " + last;
    }

    private static String describe(Token token) {
        if (isEnd(token)) {
            return "the end of the text";
        }
        String text = token.getText();
        return "'" + (text.length() > 40 ? text.substring(0, 37) + "..." : text) + "'";
    }

    private static boolean isEnd(Token token) {
        return token.getType() == Token.EOF;
    }

    private static boolean isLogical(Token token) {
        return token.getType() == ScimFilterParser.AND || token.getType() == ScimFilterParser.OR;
    }

    private static boolean isLiteral(Token token) {
        return switch (token.getType()) {
            case ScimFilterParser.STRING, ScimFilterParser.NUMBER, ScimFilterParser.TRUE, ScimFilterParser.FALSE,
                    ScimFilterParser.NULL -> true;
            default -> false;
        };
    }

    private static FilterParseException error(String message, int column) {
        return new FilterParseException(message, column);
    }
}
