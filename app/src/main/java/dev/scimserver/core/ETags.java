package dev.scimserver.core;

/**
 * Entity-tag matching for RFC 7644 §3.14. Versions are weak ETags; RFC 7232 §2.3.2's weak
 * comparison (ignore {@code W/}) is what both If-Match and If-None-Match use here, because a SCIM
 * version names a resource state, not a byte-exact body.
 */
public final class ETags {
    private ETags() {
    }

    /** True when the header value ({@code *} or a comma-separated list of tags) matches this version. */
    public static boolean matches(String header, String version) {
        if (header == null) {
            return false;
        }
        // A representation without a version (a backend may store one) matches only "*".
        String wanted = version == null ? null : opaque(version);
        for (String candidate : header.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*") || (!tag.isEmpty() && opaque(tag).equals(wanted))) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        String t = tag.trim();
        if (t.startsWith("W/") || t.startsWith("w/")) {
            t = t.substring(2);
        }
        return t;
    }
}
