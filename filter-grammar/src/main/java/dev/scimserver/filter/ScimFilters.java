package dev.scimserver.filter;

import dev.scimserver.filter.internal.ScimFilterParser;
import java.util.function.Function;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Entry points for parsing SCIM filters (RFC 7644 §3.4.2.2) and PATCH paths (RFC 7644 §3.5.2).
 * All methods are thread-safe and throw {@link FilterParseException}, never ANTLR's exceptions and
 * never print anything; inputs longer than {@link #MAX_LENGTH} or nested deeper than
 * {@link #MAX_DEPTH} are rejected before parsing, so no input can exhaust the stack.
 */
public final class ScimFilters {

    /** The longest filter or path accepted, in characters. */
    public static final int MAX_LENGTH = 8192;

    /** The deepest nesting of '(' and '[' accepted ({@code not (} counts as one level). */
    public static final int MAX_DEPTH = 50;

    private ScimFilters() {
    }

    /** Parses a filter whose comparison values are JSON literals, as RFC 7644 requires. */
    public static Filter parseFilter(String text) {
        return filter(text, false);
    }

    /**
     * Parses a filter, also accepting a comparison value that is not a JSON literal as a bare string up
     * to the next whitespace, ')' or ']' ({@code userName sw O}), as some clients send.
     */
    public static Filter parseFilterLenient(String text) {
        return filter(text, true);
    }

    /** Parses a PATCH operation path: {@code attrPath} or {@code valuePath [subAttr]}. */
    public static PatchPath parsePath(String text) {
        InputGuard.check(text, "path");
        CommonTokenStream tokens = TokenScanner.scan(text, "path");
        ScimFilterParser.PathTextContext tree = parse(tokens, ScimFilterParser::pathText, "path");
        return new TreeBuilder(false).path(tree.path());
    }

    private static Filter filter(String text, boolean lenient) {
        InputGuard.check(text, "filter");
        CommonTokenStream tokens = TokenScanner.scan(text, "filter");
        ScimFilterParser.FilterTextContext tree = parse(tokens, ScimFilterParser::filterText, "filter");
        return new TreeBuilder(lenient).filter(tree.filter(), false);
    }

    private static <T> T parse(CommonTokenStream tokens, Function<ScimFilterParser, T> rule, String what) {
        ScimFilterParser parser = new ScimFilterParser(tokens);
        parser.removeErrorListeners();                  // no ConsoleErrorListener output
        parser.setErrorHandler(new BailErrorStrategy()); // stop at the first error; no recovery guesses
        try {
            return rule.apply(parser);
        } catch (ParseCancellationException e) {
            if (e.getCause() instanceof RecognitionException cause) {
                throw SyntaxErrors.describe(cause, tokens, what);
            }
            throw new FilterParseException("malformed " + what, 1);
        }
    }
}
