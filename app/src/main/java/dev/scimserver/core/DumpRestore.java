package dev.scimserver.core;

import dev.scimserver.error.ScimException;
import dev.scimserver.schema.CommonAttributes;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.dump.SnapshotChecksum;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

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
        /** Whether the fault is a snapshot whose bytes do not match its checksum. */
        private boolean damaged;

        RestoreException(String message) {
            super(message, null, false, false);
        }
    }

    /** Restores every resource of the file; returns how many. Warnings go to stderr. */
    public static int restore(Path file, SchemaRegistry registry, ResourceService service) {
        return restore(file, registry, service, warning -> System.err.println("scim-server: warning: " + warning));
    }

    /**
     * Restores every resource of the file; returns how many. The file is read one resource at a time
     * (a million-user dump must not sit in memory twice) by a {@link DumpReader} working alongside,
     * and the checks that need no stored state run on whichever of the two threads has time.
     * Resources are stored in file order, except groups, which wait until everything they may list
     * is in, and then go in an order where a nested group comes before the groups that list it.
     * Groups that list each other (a cycle, which nesting allows) go in without the members not
     * stored yet, and are written again whole once every group is in.
     *
     * <p>The Python scim2-server leaves a deleted resource in the groups that listed it, so its dumps
     * can name members that exist nowhere. A lenient service drops such members, telling
     * {@code warnings} which; a strict one stops at the group.
     */
    public static int restore(Path file, SchemaRegistry registry, ResourceService service, Consumer<String> warnings) {
        SnapshotChecksum.Expected expected = expectedChecksum(file);
        try {
            return restore(file, expected, registry, service, warnings);
        } catch (RestoreException e) {
            if (!e.damaged && expected.required()) {
                // A changed byte can make a resource fail its checks, or the JSON fail to parse: say what is wrong.
                SnapshotChecksum.Sum actual;
                try {
                    actual = SnapshotChecksum.of(file);
                } catch (IOException | RuntimeException unreadable) {
                    throw e;
                }
                if (!expected.matches(actual)) {
                    throw damaged(file, expected, actual);
                }
            }
            throw e;
        }
    }

    /**
     * A snapshot with a checksum beside it ({@link SnapshotChecksum}) is read only if its bytes match
     * it: the check runs on the bytes as they are parsed, before the groups (the last resources
     * stored), and a resource that fails its checks in a snapshot whose checksum does not match is
     * reported as the damage it is.
     */
    private static int restore(Path file, SnapshotChecksum.Expected expected, SchemaRegistry registry, ResourceService service,
                               Consumer<String> warnings) {
        List<DumpReader.Parsed> groups = new ArrayList<>();
        int count = 0;
        SnapshotChecksum.Sum read;
        try (DumpReader reader = new DumpReader(file, registry, parsed -> prepare(parsed, service))) {
            for (DumpReader.Parsed parsed = reader.next(); parsed != null; parsed = reader.next()) {
                if (service.membership().isGroupType(parsed.type())) {
                    groups.add(parsed);
                } else {
                    store(file, parsed, service);
                }
                count++;
            }
            read = reader.sum();
        }
        if (expected.present() && !expected.matches(read)) {
            if (expected.required()) {
                throw damaged(file, expected, read);
            }
            warnings.accept(file + ": the checksum a crash left pending beside it (" + expected.sums().getFirst()
                    + ") is not this snapshot's, which has none (the server stopped while it wrote its first snapshot"
                    + " with a checksum); read without a check");
        }
        restoreGroups(file, groups, service, warnings);
        return count;
    }

    private static SnapshotChecksum.Expected expectedChecksum(Path file) {
        try {
            return SnapshotChecksum.expected(file);
        } catch (IOException e) {
            throw new RestoreException(file + ": the snapshot cannot be checked: " + e.getMessage());
        }
    }

    private static RestoreException damaged(Path file, SnapshotChecksum.Expected expected, SnapshotChecksum.Sum actual) {
        RestoreException e = new RestoreException(file + ": the snapshot is damaged: its bytes have " + actual + ", "
                + SnapshotChecksum.sidecar(file).getFileName() + " says " + expected.sums().getFirst()
                + " (if the file was replaced on purpose, delete " + SnapshotChecksum.sidecar(file).getFileName() + ")");
        e.damaged = true;
        return e;
    }

    private static void restoreGroups(Path file, List<DumpReader.Parsed> groups, ResourceService service,
                                      Consumer<String> warnings) {
        Map<String, DumpReader.Parsed> byId = new HashMap<>();
        for (DumpReader.Parsed group : groups) {
            if (group.resource().get(CommonAttributes.ID) instanceof JsonString id) {
                byId.putIfAbsent(id.getString(), group);
            }
        }
        Set<DumpReader.Parsed> stored = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<DumpReader.Parsed, JsonObject> writeAgain = new LinkedHashMap<>();
        for (DumpReader.Parsed group : nestedFirst(groups, byId)) {
            Set<String> later = new HashSet<>();
            for (DumpReader.Parsed nested : nestedGroups(group, byId)) {
                if (!stored.contains(nested)) {
                    later.add(nested.resource().getString(CommonAttributes.ID));
                }
            }
            JsonObject whole = restoreGroup(file, group, later, byId.keySet(), service, warnings);
            if (!later.isEmpty()) {
                writeAgain.put(group, whole);
            }
            stored.add(group);
        }
        writeAgain.forEach((group, whole) -> {
            try {
                service.restoreAgain(group.type(), whole);
            } catch (ScimException e) {
                throw fault(file, group.index(), e.detail());
            }
        });
    }

    /**
     * Stores one group without the members in {@code later} (groups of the dump not stored yet) and
     * returns it whole. A lenient service that finds members naming no resource at all (neither
     * stored nor a group of the dump) leaves them out of both, with a warning; only a group that
     * fails pays for looking.
     */
    private static JsonObject restoreGroup(Path file, DumpReader.Parsed group, Set<String> later, Set<String> dumpGroups,
                                           ResourceService service, Consumer<String> warnings) {
        JsonObject whole = group.resource();
        try {
            service.restore(group.type(), without(whole, later));
            return whole;
        } catch (ScimException e) {
            List<String> unknown = service.strict() ? List.of() : service.membership().unknownMembers(whole).stream()
                    .filter(id -> !dumpGroups.contains(id)).toList();
            if (unknown.isEmpty()) {
                throw fault(file, group.index(), e.detail());
            }
            whole = without(whole, new HashSet<>(unknown));
            try {
                service.restore(group.type(), without(whole, later));
            } catch (ScimException again) {
                throw fault(file, group.index(), again.detail());
            }
            warnings.accept(file + ": resource #" + group.index() + " (" + group.type().name() + " "
                    + whole.getString(CommonAttributes.ID, "") + ") lists " + unknown.size()
                    + " member(s) that name no User or Group; left out: " + String.join(", ", unknown.stream().limit(10).toList())
                    + (unknown.size() > 10 ? ", …" : ""));
            return whole;
        }
    }

    private static JsonObject without(JsonObject group, Set<String> memberIds) {
        JsonObject without = memberIds.isEmpty() ? null : Membership.withoutMembers(group, memberIds);
        return without != null ? without : group;
    }

    /**
     * The groups with each one after the groups of the dump it lists, otherwise in file order; in a
     * cycle, the group met first goes after the others.
     */
    static List<DumpReader.Parsed> nestedFirst(List<DumpReader.Parsed> groups, Map<String, DumpReader.Parsed> byId) {
        List<DumpReader.Parsed> ordered = new ArrayList<>(groups.size());
        Set<DumpReader.Parsed> placed = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<DumpReader.Parsed> visiting = Collections.newSetFromMap(new IdentityHashMap<>());
        for (DumpReader.Parsed group : groups) {
            place(group, byId, placed, visiting, ordered);
        }
        return ordered;
    }

    /** Depth-first with an explicit stack: nesting in a dump can be deep, and the call stack is not. */
    private static void place(DumpReader.Parsed root, Map<String, DumpReader.Parsed> byId, Set<DumpReader.Parsed> placed,
                              Set<DumpReader.Parsed> visiting, List<DumpReader.Parsed> ordered) {
        record Step(DumpReader.Parsed group, Iterator<DumpReader.Parsed> nested) {
        }
        if (placed.contains(root)) {
            return;
        }
        List<Step> stack = new ArrayList<>(List.of(new Step(root, nestedGroups(root, byId).iterator())));
        visiting.add(root);
        while (!stack.isEmpty()) {
            Step step = stack.getLast();
            if (step.nested().hasNext()) {
                DumpReader.Parsed next = step.nested().next();
                if (!placed.contains(next) && visiting.add(next)) {
                    stack.add(new Step(next, nestedGroups(next, byId).iterator()));
                }
                continue;
            }
            stack.removeLast();
            visiting.remove(step.group());
            placed.add(step.group());
            ordered.add(step.group());
        }
    }

    private static List<DumpReader.Parsed> nestedGroups(DumpReader.Parsed group, Map<String, DumpReader.Parsed> byId) {
        List<DumpReader.Parsed> nested = new ArrayList<>();
        if (group.resource().get(Membership.MEMBERS) instanceof JsonArray members) {
            for (JsonValue member : members) {
                if (member instanceof JsonObject m && m.get("value") instanceof JsonString value) {
                    DumpReader.Parsed listed = byId.get(value.getString());
                    if (listed != null && listed != group) {
                        nested.add(listed);
                    }
                }
            }
        }
        return nested;
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

    static RestoreException fault(Path file, int index, String why) {
        return new RestoreException(file + ": resource #" + index + " cannot be restored: " + why);
    }
}
