package dev.scimserver.core;

import dev.scimserver.schema.SchemaRegistry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a resource dump (a JSON array of resources with {@code schemas}, {@code id} and
 * {@code meta}: what {@code --dump-resources} and the snapshot in {@code data/} write, and what the
 * Python scim2-server's dump holds) into an empty server. Every resource is checked against the
 * registered schemas and resource types; the first bad one stops the load with its index and why.
 * Groups are loaded after everything else so their members can be checked to exist.
 */
public final class DumpRestore {
    private DumpRestore() {
    }

    /** Why a dump cannot be restored; the message names the file, the resource's index and the fault. */
    public static final class RestoreException extends RuntimeException {
        RestoreException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Restores every resource of the file; returns how many. The file is read one resource at a time
     * (a million-user dump must not sit in memory twice) by a {@link DumpReader} working alongside,
     * and the checks that need no stored state run on whichever of the two threads has time.
     * Resources are stored in file order, except groups, which wait until everything they may list is in.
     */
    public static int restore(Path file, SchemaRegistry registry, ResourceService service) {
        List<DumpReader.Parsed> groups = new ArrayList<>();
        int count = 0;
        try (DumpReader reader = new DumpReader(file, registry, parsed -> prepare(parsed, service))) {
            for (DumpReader.Parsed parsed = reader.next(); parsed != null; parsed = reader.next()) {
                if (service.membership().isGroupType(parsed.type())) {
                    groups.add(parsed);
                } else {
                    store(file, parsed, service);
                }
                count++;
            }
        }
        for (DumpReader.Parsed group : groups) {
            restoreOne(file, group, service);
        }
        return count;
    }

    /** The checks of everything but a group, whose members must be stored before it can be checked. */
    private static DumpReader.Parsed prepare(DumpReader.Parsed parsed, ResourceService service) {
        if (service.membership().isGroupType(parsed.type())) {
            return parsed;
        }
        try {
            return parsed.prepared(service.prepareRestore(parsed.type(), parsed.resource()));
        } catch (ScimException e) {
            return parsed.failed(e);
        }
    }

    private static void store(Path file, DumpReader.Parsed parsed, ResourceService service) {
        if (parsed.fault() != null) {
            throw fault(file, parsed.index(), parsed.fault().detail());
        }
        try {
            service.storeRestored(parsed.prepared());
        } catch (ScimException e) {
            throw fault(file, parsed.index(), e.detail());
        }
    }

    private static void restoreOne(Path file, DumpReader.Parsed parsed, ResourceService service) {
        try {
            service.restore(parsed.type(), parsed.resource());
        } catch (ScimException e) {
            throw fault(file, parsed.index(), e.detail());
        }
    }

    static RestoreException fault(Path file, int index, String why) {
        return new RestoreException(file + ": resource #" + index + " cannot be restored: " + why);
    }
}
