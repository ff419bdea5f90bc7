package dev.scimserver.patch;

import dev.scimserver.error.ScimException;
import dev.scimserver.filter.AttributePath;
import dev.scimserver.filter.Filter;
import dev.scimserver.filter.PatchPath;
import dev.scimserver.query.ResolvedPath;
import dev.scimserver.schema.Attribute;
import dev.scimserver.schema.ResourceType;

/**
 * The target of an operation: what its {@code path} names, "an attribute path describing the target
 * of the operation" (RFC 7644 §3.5.2), resolved against the resource type. The path is text with
 * names in any case; this is the schema's own definitions, so the code for each kind of target
 * compares attributes, not names, and a path that names nothing is an {@code invalidPath} before any
 * value is looked at.
 *
 * @param extension the schema URN of the extension the attribute is in, or null for the core schema
 * @param attribute the attribute, or null when the target is the whole extension (its root)
 * @param filter    the value filter of a value path ({@code emails[type eq "work"]}), or null
 * @param sub       the sub-attribute ({@code name.givenName}, {@code emails[type eq "work"].value}), or null
 */
record PatchTarget(String extension, Attribute attribute, Filter filter, Attribute sub) {

    boolean isExtensionRoot() {
        return attribute == null;
    }

    /**
     * What this path names in this resource type: an extension's root (its URN alone), else an
     * attribute of the core schema or of an extension, with its filter and sub-attribute.
     */
    static PatchTarget resolve(ResourceType type, boolean strict, PatchPath path, String text) {
        AttributePath attributePath = path.attribute();
        if (attributePath.schemaUrn() != null && attributePath.subAttribute() == null && path.valueFilter() == null) {
            ResourceType.Extension root = type.extension(attributePath.schemaUrn() + ":" + attributePath.attribute());
            if (root != null) {
                return new PatchTarget(root.schema().id(), null, null, null);
            }
        }
        ResolvedPath resolved = ResolvedPath.resolve(type, attributePath);
        if (resolved == null) {
            throw invalidPath("The path \"" + text + "\" names no attribute of " + type.name());
        }
        Attribute sub = resolved.subAttribute();
        if (path.subAttribute() != null) {
            sub = resolved.attribute().subAttribute(path.subAttribute());
            if (sub == null || resolved.subAttribute() != null) {
                throw invalidPath("The path \"" + text + "\" names no sub-attribute of " + resolved.attribute().name());
            }
        }
        if (path.valueFilter() != null && !resolved.attribute().isComplex()) {
            throw invalidPath("The path \"" + text + "\" filters " + resolved.attribute().name() + ", which has no sub-attributes");
        }
        if (path.valueFilter() != null && !resolved.attribute().multiValued() && strict) {
            throw invalidPath("The path \"" + text + "\" filters the single-valued " + resolved.attribute().name());
        }
        return new PatchTarget(resolved.extension(), resolved.attribute(), path.valueFilter(), sub);
    }

    /** RFC 7644 §3.5.2: a path that names nothing this resource has, or that cannot be used as written. */
    static ScimException invalidPath(String detail) {
        return new ScimException(400, "invalidPath", detail);
    }
}
