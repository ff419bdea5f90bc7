package dev.scimserver.store.jdbc;

import java.util.ArrayList;
import java.util.List;

/**
 * A piece of SQL with its JDBC {@code ?} parameters in the order they appear. Values a client sent
 * only ever travel as parameters, never inside {@code sql}.
 */
public record SqlFragment(String sql, List<Object> parameters) {

    public SqlFragment {
        // List.copyOf refuses nulls; a null parameter would be a bug here (absent values are IS NULL tests).
        parameters = List.copyOf(parameters);
    }

    /** SQL without parameters. */
    public static SqlFragment of(String sql) {
        return new SqlFragment(sql, List.of());
    }

    /** Collects SQL text and its parameters side by side, so they cannot drift apart. */
    static final class Builder {
        private final StringBuilder sql = new StringBuilder();
        private final List<Object> parameters = new ArrayList<>();

        Builder sql(String text) {
            sql.append(text);
            return this;
        }

        /** Appends a {@code ?} bound to this value. */
        Builder parameter(Object value) {
            sql.append('?');
            parameters.add(value);
            return this;
        }

        Builder fragment(SqlFragment fragment) {
            sql.append(fragment.sql());
            parameters.addAll(fragment.parameters());
            return this;
        }

        SqlFragment build() {
            return new SqlFragment(sql.toString(), parameters);
        }
    }
}
