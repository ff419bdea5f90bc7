package dev.scimserver.store.jdbc;

import dev.scimserver.store.StoredResource;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last-read state of large groups, so a read or a member PATCH of a 100,000-member group does
 * not load 100,000 rows each time. An entry is used only when the database still has its version
 * (the version is read from the row in the same transaction), so several server instances sharing
 * one database never see a stale group.
 */
final class GroupCache {
    /** Smaller groups load faster than they are worth keeping. */
    static final int MIN_MEMBERS = 256;
    private static final int MAX_GROUPS = 256;

    private record Cached(String version, StoredResource resource) {
    }

    private final Map<Long, Cached> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Cached> eldest) {
            return size() > MAX_GROUPS;
        }
    };

    synchronized StoredResource get(long pk, String version) {
        Cached entry = entries.get(pk);
        return entry != null && entry.version().equals(version) ? entry.resource() : null;
    }

    synchronized void put(long pk, String version, StoredResource resource, int members) {
        if (members >= MIN_MEMBERS) {
            entries.put(pk, new Cached(version, resource));
        } else {
            entries.remove(pk);
        }
    }

    synchronized void remove(long pk) {
        entries.remove(pk);
    }
}
