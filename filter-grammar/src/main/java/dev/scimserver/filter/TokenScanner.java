package dev.scimserver.filter;

import dev.scimserver.filter.internal.ScimFilterLexer;
import java.util.ArrayDeque;
import java.util.Deque;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;

/**
 * Lexes the whole text up front and rejects lexical problems and unbalanced brackets before
 * parsing, because those have precise, actionable messages ("'(' at column 1 is never closed")
 * that a parser error at the end of the input could not give.
 */
final class TokenScanner {

    private TokenScanner() {
    }

    /**
     * The tokens of {@code text}, ending with EOF; throws {@link FilterParseException} on lexical errors.
     *
     * @param what "filter" or "path", for messages
     */
    static CommonTokenStream scan(String text, String what) {
        ScimFilterLexer lexer = new ScimFilterLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners(); // never print to stderr; UNEXPECTED_CHAR means the lexer cannot fail anyway
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        for (Token token : tokens.getTokens()) {
            checkLexical(token);
        }
        checkBalance(tokens, what);
        return tokens;
    }

    /** 1-based column of a token; ANTLR's start index counts code points from the start of the text. */
    static int column(Token token) {
        return token.getStartIndex() + 1;
    }

    private static void checkLexical(Token token) {
        switch (token.getType()) {
            case ScimFilterLexer.UNTERMINATED_STRING -> throw new FilterParseException(
                    "unterminated string starting at column " + column(token), column(token));
            case ScimFilterLexer.UNEXPECTED_CHAR -> throw new FilterParseException(
                    "unexpected character '" + token.getText() + "' at column " + column(token), column(token));
            default -> {
            }
        }
    }

    private static void checkBalance(CommonTokenStream tokens, String what) {
        Deque<Token> open = new ArrayDeque<>();
        for (Token token : tokens.getTokens()) {
            switch (token.getType()) {
                case ScimFilterLexer.LPAREN, ScimFilterLexer.LBRACKET -> {
                    open.push(token);
                    // InputGuard checked the characters already; this checks what the parser recurses over.
                    if (open.size() > ScimFilters.MAX_DEPTH) {
                        throw new FilterParseException(what + " nested too deeply; the limit is " + ScimFilters.MAX_DEPTH
                                + " levels of '(' and '[' (exceeded at column " + column(token) + ")", column(token));
                    }
                }
                case ScimFilterLexer.RPAREN -> close(open, token, ScimFilterLexer.LPAREN);
                case ScimFilterLexer.RBRACKET -> close(open, token, ScimFilterLexer.LBRACKET);
                default -> {
                }
            }
        }
        if (!open.isEmpty()) {
            Token unclosed = open.getLast(); // the outermost one reads best: "'(' at column 1 is never closed"
            throw new FilterParseException(kind(unclosed) + ": '" + unclosed.getText() + "' at column "
                    + column(unclosed) + " is never closed", column(unclosed));
        }
    }

    private static void close(Deque<Token> open, Token closer, int expectedOpener) {
        Token opener = open.poll();
        if (opener == null) {
            throw new FilterParseException(kind(closer) + ": '" + closer.getText() + "' at column " + column(closer)
                    + " has no matching '" + (expectedOpener == ScimFilterLexer.LPAREN ? "(" : "[") + "'",
                    column(closer));
        }
        if (opener.getType() != expectedOpener) {
            throw new FilterParseException("unbalanced brackets: '" + closer.getText() + "' at column "
                    + column(closer) + " closes '" + opener.getText() + "' at column " + column(opener),
                    column(closer));
        }
    }

    private static String kind(Token bracket) {
        return switch (bracket.getType()) {
            case ScimFilterLexer.LPAREN, ScimFilterLexer.RPAREN -> "unbalanced parenthesis";
            default -> "unbalanced bracket";
        };
    }
}
