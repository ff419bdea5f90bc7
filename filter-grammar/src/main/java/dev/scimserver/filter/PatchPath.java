package dev.scimserver.filter;

import java.util.Objects;

/**
 * The {@code path} of a PATCH operation (RFC 7644 §3.5.2): an attribute path such as
 * {@code name.familyName}, or a value path such as {@code emails[type eq "work"]} optionally
 * followed by a sub-attribute, as in {@code emails[type eq "work"].value}.
 *
 * @param attribute    the targeted attribute (for a value path, the multi-valued attribute)
 * @param valueFilter  the filter selecting values of a multi-valued attribute, or {@code null}
 * @param subAttribute the sub-attribute after the value filter, or {@code null}; only allowed with a value filter
 */
public record PatchPath(AttributePath attribute, Filter valueFilter, String subAttribute) {

    public PatchPath {
        Objects.requireNonNull(attribute, "attribute");
        if (subAttribute != null && valueFilter == null) {
            throw new IllegalArgumentException("a sub-attribute after the path is only allowed after a value filter");
        }
    }

    /** The canonical text form, e.g. {@code emails[type eq "work"].value}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(attribute.toString());
        if (valueFilter != null) {
            text.append('[').append(valueFilter).append(']');
        }
        if (subAttribute != null) {
            text.append('.').append(subAttribute);
        }
        return text.toString();
    }
}
