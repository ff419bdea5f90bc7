package dev.scimserver.query;

import jakarta.json.JsonObject;

import java.util.List;
import java.util.function.Predicate;

/**
 * A filter checked and compiled against one resource type: a predicate over stored
 * representations, and the equalities it requires (for index look-ups).
 */
public record CompiledFilter(Predicate<JsonObject> predicate, List<IndexHint> hints, boolean exact) {
    public static final CompiledFilter ALL = new CompiledFilter(r -> true, List.of(), false);

    /**
     * @param exact true when the filter is nothing but its one hint ({@code members.value eq "id"}): an
     *              index answer needs no re-check, which matters when the matching resource is a group
     *              of 100,000 members and the check would walk them all
     */
    public CompiledFilter {
        hints = List.copyOf(hints);
    }
}
