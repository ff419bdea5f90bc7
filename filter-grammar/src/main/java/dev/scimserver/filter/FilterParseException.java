package dev.scimserver.filter;

import java.io.Serial;

/**
 * Thrown by {@link ScimFilters} when a filter or PATCH path is malformed. The message is meant for
 * a person (it names the position and what was expected or found) and can be returned to the SCIM
 * client as the detail of an {@code invalidFilter} or {@code invalidPath} error; {@link #column()}
 * is the 1-based position of the problem in the text.
 */
public final class FilterParseException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final int column;

    /**
     * @param message what is wrong, for a person
     * @param column  1-based position of the problem in the text
     */
    public FilterParseException(String message, int column) {
        super(message);
        this.column = column;
    }

    /** The 1-based position (in code points) of the problem in the parsed text. */
    public int column() {
        return column;
    }
}
