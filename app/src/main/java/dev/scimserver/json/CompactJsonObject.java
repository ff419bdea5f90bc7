package dev.scimserver.json;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A JSON object held as two arrays, its member names and their values, in the order they were added.
 * The stored form of a resource and its complex values: the JSON builder's object (a linked hash map
 * in an unmodifiable view) costs four times the memory, and a million stored users spent most of
 * their restore in the collector copying those maps. Small objects only: a look-up walks the names.
 */
public final class CompactJsonObject extends AbstractJsonObject {
    /** Above this many members the builder hands out the JSON builder's hashed object instead. */
    static final int MAX_MEMBERS = 32;

    private final String[] names;
    private final JsonValue[] values;
    private int hash;

    private CompactJsonObject(String[] names, JsonValue[] values) {
        this.names = names;
        this.values = values;
    }

    public static Builder builder() {
        return new Builder(8);
    }

    /** A builder for about {@code expected} members: when that many come, {@link Builder#build} copies nothing. */
    public static Builder builder(int expected) {
        return new Builder(Math.max(1, expected));
    }

    /**
     * A builder for an object that is not kept (a parsed resource the checks rebuild): its names are
     * not looked up among the shapes, since sharing them would save nothing.
     */
    public static Builder shortLivedBuilder(int expected) {
        Builder builder = builder(expected);
        builder.shareNames = false;
        return builder;
    }

    /**
     * Collects members in order; adding a name again replaces its value in its first place, as the
     * JSON builder does. Builds once: the object may take over the builder's arrays.
     */
    public static final class Builder {
        private String[] names;
        private JsonValue[] values;
        private int size;
        private boolean shareNames = true;

        private Builder(int capacity) {
            names = new String[capacity];
            values = new JsonValue[capacity];
        }

        public Builder add(String name, JsonValue value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            for (int i = 0; i < size; i++) {
                if (names[i].equals(name)) {
                    values[i] = value;
                    return this;
                }
            }
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            names[size] = name;
            values[size] = value;
            size++;
            return this;
        }

        public Builder add(String name, String value) {
            return add(name, ScimJson.createValue(value));
        }

        boolean isEmpty() {
            return size == 0;
        }

        public JsonObject build() {
            if (size > MAX_MEMBERS) {
                var builder = ScimJson.createObjectBuilder();
                for (int i = 0; i < size; i++) {
                    builder.add(names[i], values[i]);
                }
                return builder.build();
            }
            String[] shaped = size == names.length ? names : Arrays.copyOf(names, size);
            return new CompactJsonObject(shareNames ? shared(shaped) : shaped,
                    size == values.length ? values : Arrays.copyOf(values, size));
        }
    }

    /** A list of member names as a map key: arrays compare by identity. */
    private record Shape(String[] names) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Shape shape && Arrays.equals(names, shape.names);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(names);
        }
    }

    /**
     * The names of every object with the same members in the same order, one array for all of them:
     * a million users have a few shapes (name, emails, meta), and an array of names for each object
     * was a million objects per shape for the collector to copy. Bounded, as clients choose the names.
     */
    private static final Map<Shape, String[]> SHAPES = new ConcurrentHashMap<>();
    private static final int MAX_SHAPES = 4096;

    private static String[] shared(String[] names) {
        Shape shape = new Shape(names);
        String[] known = SHAPES.get(shape);
        if (known != null) {
            return known;
        }
        if (SHAPES.size() < MAX_SHAPES) {
            SHAPES.putIfAbsent(shape, names);
        }
        return names;
    }

    private int indexOf(Object name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public JsonValue get(Object name) {
        int i = indexOf(name);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object name) {
        return indexOf(name) >= 0;
    }

    @Override
    public int size() {
        return names.length;
    }

    @Override
    public Set<Entry<String, JsonValue>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, JsonValue>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < names.length;
                    }

                    @Override
                    public Entry<String, JsonValue> next() {
                        if (next >= names.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(names[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return names.length;
            }
        };
    }

    @Override
    public int hashCode() {
        if (hash == 0) {
            hash = super.hashCode();
        }
        return hash;
    }
}
