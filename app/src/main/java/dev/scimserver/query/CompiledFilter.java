package dev.scimserver.query;

import jakarta.json.JsonObject;

import java.util.List;
import java.util.function.Predicate;

/**
 * A filter checked and compiled against one resource type: a predicate over stored
 * representations, and the equalities it requires (for index look-ups).
 */
public record CompiledFilter(Predicate<JsonObject> predicate, List<IndexHint> hints) {
    public static final CompiledFilter ALL = new CompiledFilter(r -> true, List.of());
    public static final CompiledFilter NONE = new CompiledFilter(r -> false, List.of());

    public CompiledFilter {
        hints = List.copyOf(hints);
    }
}
