package dev.scimserver.store.jdbc;

import dev.scimserver.error.ScimException;
import dev.scimserver.json.ScimJson;
import dev.scimserver.store.SearchPage;
import dev.scimserver.store.SearchQuery;
import dev.scimserver.schema.ResourceType;
import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.Backend;
import dev.scimserver.store.ResourceNotFoundException;
import dev.scimserver.store.StoredResource;
import dev.scimserver.store.UniqueValue;
import dev.scimserver.store.UniquenessConflictException;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Resources in a relational database (H2 embedded by default; see docs/JDBC-BACKEND.md for the tables
 * and what PostgreSQL would change). Each call is one transaction. Uniqueness is the primary key of
 * {@code scim_unique}; an update or delete is conditional on the version it read
 * ({@code UPDATE … WHERE version = ?}) and starts over when another writer got there first, so a
 * read-modify-write never loses a concurrent update, also with several servers on one database.
 * Filters, sorting and paging run in SQL ({@link FilterSql}).
 */
public final class JdbcBackend implements Backend {
    /** The columns {@link #resource(Connection, ResultSet)} reads, in its order. */
    static final String COLUMNS = "r.pk, r.version, r.body, r.resource_type";
    private static final String SELECT_RESOURCE = "SELECT " + COLUMNS + " FROM scim_resource r";
    /** Attempts at an update that other servers keep changing under us, before giving up. */
    private static final int MAX_ATTEMPTS = 50;

    private final ConnectionPool pool;
    private final SqlDialect dialect;
    private final SqlFailures failures;
    /** Null where a commit is durable by itself. */
    private final Checkpoints checkpoints;
    private final SchemaRegistry registry;
    private final String groupTypeId;
    /** The types a group's member may be: User and Group (whose rows a new member's write locks). */
    private final MemberRows.MemberTypes memberTypes;
    private final GroupCache groupCache = new GroupCache();
    /**
     * Writers of one resource in this process take turns: the version check alone would be correct,
     * but 50 parallel PATCHes of one group would then mostly redo their work.
     */
    static final int WRITE_LOCKS = 64;
    /** Whether this start upgraded a database from before passwords were hashed (see {@link Migrations#PASSWORDS_HASHED_FROM}). */
    final boolean mayHoldCleartextPasswords;
    /** PostgreSQL: whether co, sw and ew have the trigram index ({@link Trigrams}), for the start to say. */
    final boolean trigramIndexed;
    private final ReentrantLock[] writeLocks = new ReentrantLock[WRITE_LOCKS];

    JdbcBackend(ConnectionPool pool, Checkpoints checkpoints, SqlDialect dialect, SchemaRegistry registry,
                Duration queryTimeout, boolean mayHoldCleartextPasswords, boolean trigramIndexed) {
        this.pool = pool;
        this.trigramIndexed = trigramIndexed;
        this.dialect = dialect;
        this.mayHoldCleartextPasswords = mayHoldCleartextPasswords;
        this.failures = new SqlFailures(queryTimeout);
        this.checkpoints = checkpoints;
        this.registry = registry;
        ResourceType group = registry.resourceTypeWithSchema(SchemaRegistry.GROUP);
        this.groupTypeId = group == null ? null : group.id();
        Map<String, String> memberTypeIds = new java.util.LinkedHashMap<>();
        for (String schema : List.of(SchemaRegistry.USER, SchemaRegistry.GROUP)) {
            ResourceType type = registry.resourceTypeWithSchema(schema);
            if (type != null) {
                memberTypeIds.put(type.name().toLowerCase(java.util.Locale.ROOT), type.id());
            }
        }
        this.memberTypes = new MemberRows.MemberTypes(Map.copyOf(memberTypeIds));
        for (int i = 0; i < writeLocks.length; i++) {
            writeLocks[i] = new ReentrantLock();
        }
    }

    /**
     * {@inheritDoc} Here {@code membersExist} is not run: the write locks the row of every member it
     * stores ({@link MemberRows#lockMembers}) and refuses one that is gone, in the database, which
     * holds across servers too, and without a look-up per member in a transaction of its own.
     */
    @Override
    public void create(StoredResource resource, Consumer<StoredResource> membersExist) {
        ReentrantLock lock = lockFor(resource.resourceType(), resource.id());
        lock.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                try (Transaction tx = new Transaction(pool)) {
                    long pk = insert(tx.connection(), resource);
                    tx.commit();
                    cache(pk, resource);
                    break;
                } catch (SQLException e) {
                    if (!SqlStates.isDeadlock(e) || attempt == MAX_ATTEMPTS) {
                        throw failures.of("cannot create " + resource.resourceType() + " " + resource.id(), e);
                    }
                    // A group created with members while another writer locked some of them and waited
                    // for one this create had locked: the database rolled this one back; it starts over.
                }
            }
        } finally {
            lock.unlock();
        }
        durable();
    }

    /** The rows of a new resource: its own, its unique values, its values and (a group's) its members; its pk. */
    private long insert(Connection connection, StoredResource resource) throws SQLException {
        long pk;
        try {
            pk = insertRow(connection, resource.resourceType(), resource.id(), version(resource.body()),
                    storedBody(resource));
        } catch (SQLException e) {
            if (SqlStates.isUniqueViolation(e)) {
                throw new IllegalStateException("duplicate id " + resource.id(), e);
            }
            throw e;
        }
        insertUniques(connection, pk, resource.uniqueValues());
        writeValues(connection, pk, resource, false);
        JsonArray members = members(resource);
        if (members != null) {
            MemberRows.write(connection, pk, null, members, memberTypes);
        }
        return pk;
    }

    /** Waits until the commits so far are written out (after the lock: writers waiting together share one write). */
    private void durable() {
        if (checkpoints != null) {
            checkpoints.awaitOrDefer();
        }
    }

    /** One checkpoint after all the writes, instead of one wait each. */
    @Override
    public <T> T durableTogether(java.util.function.Supplier<T> writes) {
        return checkpoints == null ? writes.get() : checkpoints.together(writes);
    }

    @Override
    public Optional<StoredResource> get(String resourceType, String id) {
        try (Transaction tx = new Transaction(pool)) {
            Optional<StoredResource> found = read(tx.connection(), resourceType, id).map(Row::resource);
            tx.commit();
            return found;
        } catch (SQLException e) {
            throw failures.of("cannot read " + resourceType + " " + id, e);
        }
    }

    @Override
    public StoredResource update(String resourceType, String id, UnaryOperator<StoredResource> change) {
        return onCurrentRow(resourceType, id, "update", (tx, current) -> {
            Connection connection = tx.connection();
            StoredResource next = change.apply(current.resource());
            if (next == current.resource()) {
                tx.commit();
                return Optional.of(new Outcome<>(next, false)); // nothing changed: nothing to write or wait for
            }
            if (!replaceRow(connection, current, next)) {
                return Optional.empty();
            }
            if (!next.uniqueValues().equals(current.resource().uniqueValues())) {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM scim_unique WHERE resource_pk = ?")) {
                    delete.setLong(1, current.pk());
                    delete.executeUpdate();
                }
                insertUniques(connection, current.pk(), next.uniqueValues());
            }
            writeValues(connection, current.pk(), next, true);
            if (membersApart(resourceType)) {
                MemberRows.write(connection, current.pk(), members(current.resource()), members(next), memberTypes);
            }
            tx.commit();
            cache(current.pk(), next);
            return Optional.of(new Outcome<>(next, true));
        });
    }

    @Override
    public void delete(String resourceType, String id, Consumer<StoredResource> precondition) {
        onCurrentRow(resourceType, id, "delete", (tx, current) -> {
            precondition.accept(current.resource());
            try (PreparedStatement delete = tx.connection().prepareStatement(
                    "DELETE FROM scim_resource WHERE pk = ? AND version = ?")) {
                delete.setLong(1, current.pk());
                delete.setString(2, current.version());
                if (delete.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            tx.commit();
            groupCache.remove(current.pk());
            return Optional.of(new Outcome<>(current, true));
        });
    }

    /** A write to a resource's current row: its outcome, or empty when the row changed since it was read. */
    private interface RowWrite<T> {
        Optional<Outcome<T>> apply(Transaction tx, Row current) throws SQLException;
    }

    /** What a committed write came to, and whether it changed anything (only then is there something to make durable). */
    private record Outcome<T>(T value, boolean changed) {
    }

    /**
     * Runs a write against the current row of a resource, in a transaction, starting over from the
     * new state when another server changed the row in between (the write's version check failed).
     */
    private <T> T onCurrentRow(String resourceType, String id, String verb, RowWrite<T> write) {
        Outcome<T> outcome = onCurrentRowLocked(resourceType, id, verb, write);
        if (outcome.changed()) {
            durable();
        }
        return outcome.value();
    }

    private <T> Outcome<T> onCurrentRowLocked(String resourceType, String id, String verb, RowWrite<T> write) {
        ReentrantLock lock = lockFor(resourceType, id);
        lock.lock();
        try {
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                try (Transaction tx = new Transaction(pool)) {
                    Row current = read(tx.connection(), resourceType, id)
                            .orElseThrow(() -> new ResourceNotFoundException(resourceType, id));
                    Optional<Outcome<T>> outcome = write.apply(tx, current);
                    if (outcome.isPresent()) {
                        return outcome.get();
                    }
                } catch (SQLException e) {
                    if (!SqlStates.isDeadlock(e) || attempt == MAX_ATTEMPTS) {
                        throw e;
                    }
                    // Two writers locked each other's rows (two groups made members of each other at
                    // once); the database rolled this one back, so it starts over.
                }
            }
            throw new DatabaseException("cannot " + verb + " " + resourceType + " " + id + ": it kept changing under "
                    + MAX_ATTEMPTS + " attempts", null);
        } catch (SQLException e) {
            throw failures.of("cannot " + verb + " " + resourceType + " " + id, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<StoredResource> list(String resourceType) {
        return select(SELECT_RESOURCE + " WHERE r.resource_type = ? ORDER BY r.pk", List.of(resourceType));
    }

    @Override
    public List<StoredResource> all() {
        return select(SELECT_RESOURCE + " ORDER BY r.pk", List.of());
    }

    @Override
    public SearchPage search(SearchQuery query) {
        try (Transaction tx = new Transaction(pool)) {
            SearchPage page = JdbcSearch.search(tx.connection(), dialect, query, membersApart(query.type().id()),
                    this::resource);
            tx.commit();
            return page;
        } catch (SQLException e) {
            if (SqlStates.isQueryTimeout(e)) {
                throw failures.tooExpensive();
            }
            if (SqlStates.isUnstorableText(e)) {
                throw ScimException.invalidFilter("The filter holds a character this database cannot compare"
                        + " (PostgreSQL stores no U+0000 in text, so no value holds it); remove it from the filter");
            }
            throw failures.of("cannot search " + query.type().id(), e);
        }
    }

    /**
     * One statement for all the ids: the member rows whose key is the folded id ({@code members.value}
     * compares folded), joined to their groups, in creation order. A schema that makes
     * {@code members.value} caseExact gets the default's searches.
     */
    @Override
    public Map<String, List<StoredResource>> groupsNaming(ResourceType groupType, Collection<String> memberIds) {
        if (!membersApart(groupType.id()) || memberValueCaseExact(groupType)) {
            return Backend.super.groupsNaming(groupType, memberIds);
        }
        try (Transaction tx = new Transaction(pool)) {
            Map<String, List<StoredResource>> groups = MemberRows.groupsNaming(tx.connection(), groupType.id(), memberIds,
                    this::resource);
            tx.commit();
            return groups;
        } catch (SQLException e) {
            throw failures.of("cannot read the groups of " + memberIds.size() + " members", e);
        }
    }

    private static boolean memberValueCaseExact(ResourceType groupType) {
        var members = groupType.schema().attribute("members");
        var value = members == null ? null : members.subAttribute("value");
        return value != null && value.caseExact();
    }

    /** A group, by its type and id. */
    record GroupId(String resourceType, String id) {
    }

    /**
     * The members, by group, that name no resource of a type members may have: what a stop between a
     * delete's commit and the clean-up of its groups leaves. One query, at start.
     */
    Map<GroupId, Set<String>> membersNamingNothing() {
        Collection<String> types = memberTypes.idsByName().values();
        Map<GroupId, Set<String>> found = new java.util.LinkedHashMap<>();
        if (types.isEmpty()) {
            return found;
        }
        String sql = "SELECT g.resource_type, g.id, m.member_value FROM scim_member m JOIN scim_resource g ON g.pk = m.group_pk"
                + " WHERE NOT EXISTS (SELECT 1 FROM scim_resource r WHERE r.id = m.member_value AND r.resource_type IN ("
                + String.join(", ", java.util.Collections.nCopies(types.size(), "?")) + "))";
        try (Transaction tx = Transaction.unlimited(pool); PreparedStatement select = tx.connection().prepareStatement(sql)) {
            int i = 1;
            for (String type : types) {
                select.setString(i++, type);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.computeIfAbsent(new GroupId(rows.getString(1), rows.getString(2)), g -> new java.util.HashSet<>())
                            .add(rows.getString(3));
                }
            }
            tx.commit();
            return found;
        } catch (SQLException e) {
            throw failures.of("cannot read the members of the groups", e);
        }
    }

    /**
     * Refreshes the database's statistics of the tables ({@code ANALYZE}), so its planner picks the
     * indexes for the rows a restore just wrote rather than for the empty tables it last saw
     * (PostgreSQL's autovacuum would do it within a minute or so).
     */
    public void analyze() {
        try (Transaction tx = Transaction.unlimited(pool); Statement statement = tx.connection().createStatement()) {
            statement.execute("ANALYZE");
            tx.commit();
        } catch (SQLException e) {
            throw failures.of("cannot analyze the tables", e);
        }
    }

    /** Whether the database holds no resource at all (a dump is restored only into an empty one). */
    @Override
    public boolean isEmpty() {
        try (Transaction tx = Transaction.unlimited(pool); Statement statement = tx.connection().createStatement();
             ResultSet rows = statement.executeQuery("SELECT 1 FROM scim_resource FETCH FIRST 1 ROWS ONLY")) {
            return !rows.next();
        } catch (SQLException e) {
            throw failures.of("cannot read the database", e);
        }
    }

    /** Closes the database: every committed write is on disk, and (H2) the file is free for the next start. */
    @Override
    public void close() {
        if (dialect.shutdown() != null) {
            try {
                Connection connection = pool.take();
                try (Statement shutdown = connection.createStatement()) {
                    pool.liftLimit(connection); // writing out and compacting a large file may take a while
                    shutdown.execute(dialect.shutdown()); // no commit after it, the database is gone
                }
                // the connection is not given back: closing the pool closes it (a new one would open the database again)
            } catch (SQLException e) {
                // Closed already: closing the connections is all there is to do.
            }
        }
        if (checkpoints != null) {
            checkpoints.close();
        }
        pool.close();
    }

    /** Every resource a statement selects, without the query timeout: the dump at exit reads them all. */
    private List<StoredResource> select(String sql, List<Object> parameters) {
        try (Transaction tx = Transaction.unlimited(pool);
             PreparedStatement select = tx.connection().prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            select.setFetchSize(1000);
            List<StoredResource> resources = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    resources.add(resource(tx.connection(), rows));
                }
            }
            tx.commit();
            return resources;
        } catch (SQLException e) {
            throw failures.of("cannot read resources", e);
        }
    }

    /** One resource row: its key, the version the row has now, and the resource. */
    private record Row(long pk, String version, StoredResource resource) {
    }

    private Optional<Row> read(Connection connection, String resourceType, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                SELECT_RESOURCE + " WHERE r.resource_type = ? AND r.id = ?")) {
            select.setString(1, resourceType);
            select.setString(2, id);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Row(rows.getLong(1), rows.getString(2), resource(connection, rows)));
            }
        }
    }

    /** The resource of a row ({@link #COLUMNS} first), with its members when it is a group. */
    StoredResource resource(Connection connection, ResultSet row) throws SQLException {
        long pk = row.getLong(1);
        String version = row.getString(2);
        StoredResource cached = groupCache.get(pk, version);
        if (cached != null) {
            return cached;
        }
        JsonObject body;
        try (var reader = ScimJson.createReader(new StringReader(row.getString(3)))) {
            body = reader.readObject();
        }
        String resourceType = row.getString(4);
        if (membersApart(resourceType)) {
            body = withMembers(body, MemberRows.load(connection, pk));
        }
        ResourceType type = registry.resourceType(resourceType);
        StoredResource resource = new StoredResource(resourceType, body.getString("id"), body,
                type == null ? java.util.Set.of() : UniqueValue.of(type, body));
        cache(pk, resource);
        return resource;
    }

    /** Inserts a resource row; returns its pk. */
    static long insertRow(Connection connection, String resourceType, String id, String version, String body)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO scim_resource (resource_type, id, version, body) VALUES (?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, resourceType);
            insert.setString(2, id);
            insert.setString(3, version);
            insert.setString(4, body);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** Writes the new state of a row if it still has the version read; false when another writer came first. */
    private static boolean replaceRow(Connection connection, Row current, StoredResource next) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE scim_resource SET version = ?, body = ? WHERE pk = ? AND version = ?")) {
            update.setString(1, version(next.body()));
            update.setString(2, storedBody(next));
            update.setLong(3, current.pk());
            update.setString(4, current.version());
            return update.executeUpdate() == 1;
        }
    }

    private void insertUniques(Connection connection, long pk, java.util.Set<UniqueValue> values) throws SQLException {
        for (UniqueValue value : values) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO scim_unique (scope, attribute, unique_value, resource_pk) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, value.scope());
                insert.setString(2, value.attribute());
                insert.setString(3, value.value());
                insert.setLong(4, pk);
                insert.executeUpdate();
            } catch (SQLException e) {
                if (SqlStates.isUniqueViolation(e)) {
                    throw new UniquenessConflictException(value);
                }
                throw e;
            }
        }
    }

    /** The filterable values of a resource as rows; on an update only when they changed. */
    private void writeValues(Connection connection, long pk, StoredResource resource, boolean replacing)
            throws SQLException {
        ResourceType type = registry.resourceType(resource.resourceType());
        if (type == null) {
            return;
        }
        boolean membersApart = membersApart(resource.resourceType());
        if (replacing) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM scim_value WHERE resource_pk = ?")) {
                delete.setLong(1, pk);
                delete.executeUpdate();
            }
        }
        ValueRows.insert(connection, pk, ValueRows.of(type, resource.body(), membersApart));
    }

    private JsonArray members(StoredResource resource) {
        if (!membersApart(resource.resourceType())) {
            return null;
        }
        return resource.body().get("members") instanceof JsonArray members && !members.isEmpty() ? members : null;
    }

    private void cache(long pk, StoredResource resource) {
        if (membersApart(resource.resourceType())) {
            JsonArray members = members(resource);
            groupCache.put(pk, version(resource.body()), resource, members == null ? 0 : members.size());
        }
    }

    /** The most characters of JSON {@code scim_resource.body} holds (H2's longest VARCHAR). */
    static final int MAX_BODY_CHARS = 1_000_000;

    /** The body as stored in its row: without members, which are rows of their own. */
    private static String storedBody(StoredResource resource) {
        JsonObject body = resource.body();
        if (body.containsKey("members")) {
            body = ScimJson.createObjectBuilder(body).remove("members").build();
        }
        String text = body.toString();
        if (text.length() > MAX_BODY_CHARS) {
            throw ScimException.invalidValue("The resource is " + text.length() + " characters of JSON; the database"
                    + " backend keeps at most " + MAX_BODY_CHARS + " per resource (members of a group not counted)");
        }
        return text;
    }

    /** The body with its members put back where a written representation has them: before meta. */
    private static JsonObject withMembers(JsonObject body, JsonArray members) {
        if (members == null) {
            return body;
        }
        JsonObjectBuilder builder = ScimJson.createObjectBuilder();
        for (Map.Entry<String, JsonValue> entry : body.entrySet()) {
            if (entry.getKey().equals("meta")) {
                builder.add("members", members);
            }
            builder.add(entry.getKey(), entry.getValue());
        }
        if (!body.containsKey("meta")) {
            builder.add("members", members);
        }
        return builder.build();
    }

    /** The version column: never null. */
    private static String version(JsonObject body) {
        return Objects.requireNonNullElse(StoredResource.versionOf(body), "");
    }

    /** Whether resources of this type keep their members as scim_member rows (the Group type). */
    private boolean membersApart(String resourceType) {
        return resourceType.equals(groupTypeId);
    }

    private ReentrantLock lockFor(String resourceType, String id) {
        return writeLocks[stripe(resourceType, id)];
    }

    /** Which of the write locks a resource's writes take: writes to resources of one stripe wait for each other. */
    static int stripe(String resourceType, String id) {
        return Math.floorMod(31 * resourceType.hashCode() + id.hashCode(), WRITE_LOCKS);
    }
}
