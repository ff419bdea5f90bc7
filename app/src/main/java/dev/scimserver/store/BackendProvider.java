package dev.scimserver.store;

import dev.scimserver.config.Setting;

import java.util.List;

/**
 * A kind of backend the server can run on, found by its name ({@code --backend NAME},
 * {@code scim.backend.type}, {@code SCIM_BACKEND_TYPE}) through {@link java.util.ServiceLoader}:
 * a fork adds its own by implementing this and listing the class in
 * {@code META-INF/services/dev.scimserver.store.BackendProvider}, without editing {@code Main}.
 *
 * <p>One run of the server: {@link #open}, then {@link #restore} before the server listens, then
 * {@link #stop} after it stopped taking requests. A provider keeps no state of its own between
 * them: what it needs it finds in the backend it opened.
 */
public interface BackendProvider {

    /** The name {@code --backend} takes: lower case, no spaces. */
    String name();

    /** One line for {@code --help}: what this backend keeps where. */
    String description();

    /**
     * This backend's own settings (flag, config key, environment variable), read from
     * {@link BackendContext#values()} and listed by {@code --help} under the backend's name. Two
     * backends that take the same setting return the same flag (and key), and it is one setting.
     */
    default List<Setting> settings() {
        return List.of();
    }

    /**
     * Opens the backend for this run. A setting that is wrong or a store that cannot be reached
     * throws {@link BackendException}, whose message is the one line the person starting the server
     * reads; so does a wrong value read through {@link BackendContext#values()} (it throws the
     * config's own one-line exception).
     */
    Backend open(BackendContext context);

    /**
     * Brings back the state of the last run, before the server listens. The default loads
     * {@code --restore FILE} into the backend, which must hold no resource yet; a backend that keeps
     * its state elsewhere (a snapshot and a journal) overrides it.
     */
    default void restore(Backend backend, BackendContext context, Restorer restorer) {
        if (context.settings().persistence().restoreFile() == null) {
            return;
        }
        if (!backend.isEmpty()) {
            throw new BackendException("cannot restore " + context.settings().persistence().restoreFile() + ": the "
                    + name() + " backend already holds resources; --restore loads into an empty backend");
        }
        restorer.restore(context.settings().persistence().restoreFile());
    }

    /** After the server stopped taking requests (SIGINT, SIGTERM or exit); the default closes the backend. */
    default void stop(Backend backend, BackendContext context) {
        backend.close();
    }
}
