package dev.scimserver.filter;

import java.util.Objects;

/**
 * An attribute reference: an optional schema URN, an attribute name and an optional sub-attribute,
 * e.g. {@code urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value}. Names keep
 * the client's spelling; resolving case and schemas is left to the caller. The parser cannot know
 * which schemas exist, so the URN is everything before the last colon: a bare extension URN used
 * as a PATCH path ({@code urn:...:enterprise:2.0:User}) arrives as schema {@code urn:...:2.0} and
 * attribute {@code User}; use {@link #fullName()} to resolve that case.
 *
 * @param schemaUrn    the schema URN, or {@code null} when the path is not URN-qualified
 * @param attribute    the attribute name
 * @param subAttribute the sub-attribute name, or {@code null}
 */
public record AttributePath(String schemaUrn, String attribute, String subAttribute) {

    public AttributePath {
        Objects.requireNonNull(attribute, "attribute");
    }

    /** A path without schema URN and sub-attribute, e.g. {@code userName}. */
    public static AttributePath of(String attribute) {
        return new AttributePath(null, attribute, null);
    }

    /** A path without schema URN, e.g. {@code name.familyName}. */
    public static AttributePath of(String attribute, String subAttribute) {
        return new AttributePath(null, attribute, subAttribute);
    }

    /** The path as written: {@code [schemaUrn ":"] attribute ["." subAttribute]}. */
    public String fullName() {
        StringBuilder text = new StringBuilder();
        if (schemaUrn != null) {
            text.append(schemaUrn).append(':');
        }
        text.append(attribute);
        if (subAttribute != null) {
            text.append('.').append(subAttribute);
        }
        return text.toString();
    }

    /** The canonical text form, the same as {@link #fullName()}. */
    @Override
    public String toString() {
        return fullName();
    }
}
