package dev.scimserver.filter;

/**
 * Cheap checks that run before ANTLR sees the text: emptiness, nesting depth and length. The depth
 * check is what keeps the recursive-descent parser from overflowing the stack on inputs such as ten
 * thousand {@code "not ("}, so it runs first and walks the characters without recursion or allocation.
 */
final class InputGuard {

    private InputGuard() {
    }

    /**
     * @param text the filter or path
     * @param what "filter" or "path", for messages
     */
    static void check(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new FilterParseException("empty " + what, 1);
        }
        checkDepth(text, what);
        if (text.length() > ScimFilters.MAX_LENGTH) {
            throw new FilterParseException(what + " is too long (" + text.length() + " characters); the limit is "
                    + ScimFilters.MAX_LENGTH, ScimFilters.MAX_LENGTH + 1);
        }
    }

    /** Counts open '(' and '[' outside string literals; balance itself is checked later, on tokens. */
    private static void checkDepth(String text, String what) {
        int depth = 0;
        boolean inString = false;
        int column = 0;
        boolean escaped = false;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            column++;
            char c = text.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false; // an escaped quote must not end the string
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '(' || c == '[') {
                if (++depth > ScimFilters.MAX_DEPTH) {
                    throw new FilterParseException(what + " nested too deeply; the limit is " + ScimFilters.MAX_DEPTH
                            + " levels of '(' and '[' (exceeded at column " + column + ")", column);
                }
            } else if ((c == ')' || c == ']') && depth > 0) {
                depth--;
            }
        }
    }
}
