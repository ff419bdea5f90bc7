package dev.scimserver.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** The backends on the class path ({@link ServiceLoader}), memory first, then by name. */
public final class Backends {
    private Backends() {
    }

    public static List<BackendProvider> all() {
        List<BackendProvider> found = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class).forEach(found::add);
        found.sort(Comparator.comparing((BackendProvider p) -> !p.name().equals("memory")).thenComparing(BackendProvider::name));
        return found;
    }

    /** The backend of this name, or a {@link BackendException} that lists the names there are. */
    public static BackendProvider named(String name) {
        List<BackendProvider> all = all();
        for (BackendProvider provider : all) {
            if (provider.name().equals(name)) {
                return provider;
            }
        }
        throw new BackendException("--backend must be one of " + String.join(", ", all.stream().map(BackendProvider::name).toList())
                + ", not \"" + name + "\"");
    }
}
