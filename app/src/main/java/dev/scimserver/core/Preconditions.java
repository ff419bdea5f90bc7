package dev.scimserver.core;

import dev.scimserver.error.ScimException;

/**
 * The conditional headers of one request, {@code If-Match} and {@code If-None-Match} (RFC 7232
 * §3.1, §3.2; RFC 7644 §3.14), each null when absent. A write checks them against the version it
 * is about to change, inside {@code Backend.update}, so the check and the write see one state.
 * RFC 7232 §6 orders them: a failed {@code If-Match} wins, then a matching {@code If-None-Match}
 * is 304 for a read and 412 for a write.
 */
public record Preconditions(String ifMatch, String ifNoneMatch) {
    public static final Preconditions NONE = new Preconditions(null, null);

    /** Only {@code If-Match}: a {@code version} of RFC 7644 §3.7 (Bulk) means the same. */
    public static Preconditions ifMatch(String tags) {
        return new Preconditions(tags, null);
    }

    /** For PUT, PATCH and DELETE: 412 unless the resource at {@code version} may be changed. */
    public void checkWrite(String version) {
        checkIfMatch(version);
        if (ifNoneMatch != null && ETags.matches(ifNoneMatch, version)) {
            throw ScimException.preconditionFailed("If-None-Match " + ifNoneMatch + " matches the current version "
                    + version + ", so the resource is not changed. Send If-Match to change a known version.");
        }
    }

    /**
     * For GET and HEAD: 412 when {@code If-Match} does not match; true when {@code If-None-Match}
     * does, so the answer is 304 Not Modified.
     */
    public boolean notModified(String version) {
        checkIfMatch(version);
        return ifNoneMatch != null && ETags.matches(ifNoneMatch, version);
    }

    private void checkIfMatch(String version) {
        if (ifMatch != null && !ETags.matches(ifMatch, version)) {
            throw ScimException.preconditionFailed("The resource has changed: If-Match " + ifMatch
                    + " does not match the current version " + version + ". Read it again and retry.");
        }
    }
}
