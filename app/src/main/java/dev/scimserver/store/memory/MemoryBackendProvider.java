package dev.scimserver.store.memory;

import dev.scimserver.config.ServerSettings;
import dev.scimserver.config.Setting;
import dev.scimserver.config.SettingValues;
import dev.scimserver.store.Backend;
import dev.scimserver.store.BackendContext;
import dev.scimserver.store.BackendException;
import dev.scimserver.store.BackendProvider;
import dev.scimserver.store.Restorer;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.dump.ResourceDump;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --backend memory}, the default: resources in memory, every write in the journal of the
 * data folder before it is acknowledged, and the whole state in the snapshot at every stop and
 * whenever the journal grows past its limit.
 */
public final class MemoryBackendProvider implements BackendProvider {
    public static final long DEFAULT_COMPACT_AT_BYTES = 64L * 1024 * 1024;
    public static final long DEFAULT_COMPACT_EVERY_SECONDS = 600;

    static final Setting RESTORE_SNAPSHOT = Setting.of("--restore-snapshot", "BOOL", "scim.persistence.restore",
            "at start, load the snapshot in the data folder when there is one (default true)");
    static final Setting JOURNAL = Setting.of("--journal", "BOOL", "scim.persistence.journal",
            "write every change to the journal in the data folder before acknowledging it (default true)");
    static final Setting COMPACT_AT_BYTES = Setting.of("--compact-at-bytes", "N", "scim.persistence.compact-at-bytes",
            "journal size that triggers a new snapshot (default " + DEFAULT_COMPACT_AT_BYTES + ")");
    static final Setting COMPACT_EVERY = Setting.of("--compact-every", "SECONDS", "scim.persistence.compact-every",
            "how often a journal with writes in it is folded into a new snapshot (default " + DEFAULT_COMPACT_EVERY_SECONDS + ")");

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public String description() {
        return "resources in memory; the journal and the snapshot (resources.json) in the data folder";
    }

    @Override
    public List<Setting> settings() {
        return List.of(RESTORE_SNAPSHOT, JOURNAL, COMPACT_AT_BYTES, COMPACT_EVERY);
    }

    @Override
    public Backend open(BackendContext context) {
        return new InMemoryBackend(IndexPlan.of(context.registry()));
    }

    /**
     * Brings back the state of the last run: the given dump, or the snapshot plus the journal of
     * writes since. Then starts a fresh journal behind a new snapshot. A bad dump, snapshot or
     * journal stops the start (exit 2) with what is wrong, and nothing in the data folder is written.
     */
    @Override
    public void restore(Backend opened, BackendContext context, Restorer restorer) {
        InMemoryBackend backend = (InMemoryBackend) opened;
        ServerSettings.Persistence persistence = context.settings().persistence();
        SettingValues values = context.values();
        boolean restoreSnapshot = values.bool(RESTORE_SNAPSHOT, true);
        Path source = persistence.restoreFile();
        if (source == null && restoreSnapshot && Files.isRegularFile(snapshot(persistence))) {
            source = snapshot(persistence);
        }
        try {
            if (source != null) {
                restorer.restore(source);
            }
            if (persistence.restoreFile() == null && restoreSnapshot) {
                int entries = Journal.replayAll(journalFile(persistence), backend::holdsAll, backend::replay,
                        warning -> System.err.println("scim-server: warning: " + warning));
                if (entries > 0) {
                    System.out.println("scim-server replayed " + entries + " journal entries from " + journalFile(persistence));
                }
                // A journal of a server from before passwords were hashed holds them in cleartext: hashed
                // now, before openJournal writes the state to the snapshot.
                int hashed = restorer.hashStoredCleartextPasswords();
                if (hashed > 0) {
                    System.out.println("scim-server hashed " + hashed + " cleartext passwords from " + journalFile(persistence));
                }
                // A stop between a delete and the clean-up of the groups that listed it leaves members
                // that name nothing; taken out before the snapshot is written.
                restorer.dropDanglingMembers();
            }
            if (values.bool(JOURNAL, true)) {
                backend.openJournal(journalFile(persistence), persistence.fsync(), snapshot(persistence),
                        values.integer(COMPACT_AT_BYTES, DEFAULT_COMPACT_AT_BYTES, 1024, Long.MAX_VALUE));
                backend.compactEvery(values.integer(COMPACT_EVERY, DEFAULT_COMPACT_EVERY_SECONDS, 1, Long.MAX_VALUE));
            }
        } catch (Journal.CorruptJournalException e) {
            throw new BackendException("cannot restore: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BackendException("cannot write to the data folder " + persistence.dataDir() + ": " + e.getMessage(), e);
        }
    }

    /** The snapshot of the whole state, so that the next start reads it instead of a long journal. */
    @Override
    public void stop(Backend opened, BackendContext context) {
        InMemoryBackend backend = (InMemoryBackend) opened;
        ServerSettings.Persistence persistence = context.settings().persistence();
        List<StoredResource> resources = backend.all();
        try {
            if (context.values().bool(JOURNAL, true)) {
                backend.compact();
            } else {
                ResourceDump.writeSnapshot(resources, snapshot(persistence));
            }
            System.out.println("scim-server wrote the snapshot (" + resources.size() + " resources) to " + snapshot(persistence));
        } catch (IOException e) {
            System.err.println("scim-server: cannot write the snapshot to " + snapshot(persistence)
                    + (context.values().bool(JOURNAL, true) ? "; the journal keeps every write: " : ": ") + e.getMessage());
        }
        backend.close();
    }

    static Path snapshot(ServerSettings.Persistence persistence) {
        return persistence.dataDir().resolve("resources.json");
    }

    static Path journalFile(ServerSettings.Persistence persistence) {
        return persistence.dataDir().resolve("journal.jsonl");
    }
}
