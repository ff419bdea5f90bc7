package dev.scimserver.filter;

/** JSON string literals (RFC 8259 §7): decoding the lexer's STRING tokens and quoting for canonical text. */
final class JsonStrings {

    private JsonStrings() {
    }

    /**
     * Decodes a quoted string token.
     *
     * @param token  the token text, including both double quotes
     * @param column the 1-based column of the opening quote, so errors can point at the bad escape
     */
    static String decode(String token, int column) {
        StringBuilder out = new StringBuilder(token.length());
        int end = token.length() - 1; // the closing quote
        for (int i = 1; i < end; i++) {
            char c = token.charAt(i);
            if (c == '\\') {
                i = decodeEscape(token, i, end, column, out);
            } else if (c < 0x20) {
                // JSON requires control characters to be escaped; a raw one is usually a mangled request.
                throw new FilterParseException(String.format(
                        "control character U+%04X in string at column %d must be escaped",
                        (int) c, columnOf(token, i, column)), columnOf(token, i, column));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Appends the escape starting at {@code i} (the backslash) and returns the index of its last character. */
    private static int decodeEscape(String token, int i, int end, int column, StringBuilder out) {
        char kind = token.charAt(i + 1); // the lexer guarantees a character after every backslash
        switch (kind) {
            case '"', '\\', '/' -> out.append(kind);
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'u' -> {
                if (i + 6 > end || !isHex(token.substring(i + 2, i + 6))) {
                    int at = columnOf(token, i, column);
                    throw new FilterParseException(
                            "bad escape in string at column " + at + ": \\u must be followed by 4 hex digits", at);
                }
                out.append((char) Integer.parseInt(token.substring(i + 2, i + 6), 16));
                return i + 5;
            }
            default -> {
                int at = columnOf(token, i, column);
                throw new FilterParseException("bad escape '\\" + Character.toString(token.codePointAt(i + 1))
                        + "' in string at column " + at
                        + "; allowed are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX", at);
            }
        }
        return i + 1;
    }

    private static boolean isHex(String digits) {
        return digits.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 0x80);
    }

    private static int columnOf(String token, int index, int column) {
        return column + token.codePointCount(0, index);
    }

    /** The JSON text of {@code value}: quoted, with quotes, backslashes and control characters escaped. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
