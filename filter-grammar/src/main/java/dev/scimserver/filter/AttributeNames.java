package dev.scimserver.filter;

/**
 * Splits and checks the lexer's single NAME token, {@code [URI ":"] ATTRNAME ["." subAttr]}.
 * One token keeps URNs such as {@code ...:enterprise:2.0:User:manager.value} intact (no "2.0" number,
 * no keyword clashes); the RFC's shape rules are enforced here, where the message can be specific.
 */
final class AttributeNames {

    private AttributeNames() {
    }

    /**
     * @param text   the NAME token text
     * @param column 1-based column of the token, for error messages
     */
    static AttributePath parse(String text, int column) {
        int colon = text.lastIndexOf(':');
        String urn = colon < 0 ? null : text.substring(0, colon);
        String rest = text.substring(colon + 1);
        if (urn != null && !isUri(urn)) {
            throw invalid(text, column, "'" + urn + "' is not a schema URN");
        }
        if (rest.isEmpty()) {
            throw invalid(text, column, "an attribute name must follow the schema URN");
        }
        int dot = rest.indexOf('.');
        String attribute = dot < 0 ? rest : rest.substring(0, dot);
        String sub = dot < 0 ? null : rest.substring(dot + 1);
        if (sub != null && sub.indexOf('.') >= 0) {
            throw invalid(text, column, "only one sub-attribute is allowed");
        }
        requireName(attribute, text, column);
        if (sub != null) {
            requireName(sub, text, column);
        }
        return new AttributePath(urn, attribute, sub);
    }

    /** RFC 7644 ATTRNAME = ALPHA *(nameChar), plus "$ref" (RFC 7643 §2.1, e.g. members.$ref). */
    static boolean isAttrName(String name) {
        if (name.equalsIgnoreCase("$ref")) {
            return true;
        }
        if (name.isEmpty() || !isAlpha(name.charAt(0))) {
            return false;
        }
        return name.chars().allMatch(c -> isAlpha(c) || (c >= '0' && c <= '9') || c == '-' || c == '_');
    }

    private static void requireName(String name, String text, int column) {
        if (name.isEmpty()) {
            throw invalid(text, column, "a name is missing around '.'");
        }
        if (!isAttrName(name)) {
            throw invalid(text, column, "'" + name + "' is not a valid attribute name"
                    + " (a letter followed by letters, digits, '-' or '_')");
        }
    }

    /** A URI needs a scheme (ALPHA *(ALPHA / DIGIT / "+" / "-" / ".")) and something after its colon. */
    private static boolean isUri(String urn) {
        int colon = urn.indexOf(':');
        if (colon <= 0 || urn.endsWith(":") || !isAlpha(urn.charAt(0))) {
            return false;
        }
        return urn.substring(0, colon).chars()
                .allMatch(c -> isAlpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.');
    }

    private static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static FilterParseException invalid(String text, int column, String why) {
        return new FilterParseException("invalid attribute path '" + text + "' at column " + column + ": " + why, column);
    }
}
