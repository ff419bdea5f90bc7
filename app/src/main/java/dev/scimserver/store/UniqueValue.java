package dev.scimserver.store;

/**
 * A value that at most one resource may hold within a scope: a resource type's id for
 * {@code uniqueness: server}, {@link #GLOBAL} for {@code uniqueness: global}. The value is
 * already normalised (lower-cased unless the attribute is caseExact), so backends compare exactly.
 */
public record UniqueValue(String scope, String attribute, String value) {
    public static final String GLOBAL = "*";
}
