package dev.scimserver.store.kit;

import dev.scimserver.schema.SchemaRegistry;
import dev.scimserver.store.Backend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.scimserver.store.kit.Resources.GROUP;
import static dev.scimserver.store.kit.Resources.REGISTRY;
import static dev.scimserver.store.kit.Resources.USER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link Backend} must do for the server above it to be right. A fork that puts its own
 * store behind the server extends this class in its tests and supplies fresh backends:
 *
 * <pre>{@code
 * class MyBackendContractTest extends BackendContract {
 *     protected Backend newBackend(SchemaRegistry registry) {
 *         return new MyBackend(freshDatabase(), registry);
 *     }
 * }
 * }</pre>
 *
 * From another Maven module, depend on {@code dev.scimserver:app:<version>} with
 * {@code <type>test-jar</type>} and {@code <scope>test</scope>} (and on JUnit Jupiter with its params
 * module and AssertJ, which a test-jar does not bring along).
 *
 * <p>The obligations, each a group of tests below:
 * <ol>
 * <li><b>CRUD.</b> A created resource comes back from {@code get}, {@code list}, {@code all} and
 *     {@code search} with the same type, id, body (as JSON, key order aside) and unique values;
 *     {@code get} of an unknown id (or of an id under another type, or in another case: ids are
 *     caseExact) is empty; {@code update} and {@code delete} of one throw
 *     {@code ResourceNotFoundException} without running their function. Ids are unique per type only.
 *     A second create of a taken id is refused (any RuntimeException) and changes nothing.
 *     {@code list} is in creation order, the same on every call, and an update keeps a resource's
 *     place; a search without sortBy follows it too. (Resources here are created in the order of
 *     their {@code meta.created}: the in-memory backend orders by {@code meta.created} then id, the
 *     H2 one by insertion, and both are allowed; see docs/JDBC-BACKEND.md.)</li>
 * <li><b>Ids and versions.</b> {@code meta.version} is kept as given, whatever its text, and after an
 *     update it is the one of the resource the function returned; {@code update} returns that resource.
 *     The kit's longest version has 324 characters (core's have 20, scim2-server's 44, a foreign
 *     dump's may have more).</li>
 * <li><b>Atomic updates ({@code If-Match}).</b> The function passed to {@code update}, and the
 *     precondition passed to {@code delete}, see the current state, and no other write lands between
 *     that and the write: parallel read-modify-write increments lose none, of parallel writers that all
 *     expect one version exactly one wins, of parallel deletes exactly one succeeds (the others are not
 *     found), and an update racing a delete never brings the resource back. What the function throws
 *     comes out of {@code update} or {@code delete} as it is (core's 412 and 400 travel that way), and
 *     nothing is written. A backend may run the function more than once (one that retries after a
 *     conflicting write, as the H2 one does across servers); only the run it stores counts.</li>
 * <li><b>Uniqueness</b>, inside the write: of parallel creates, or renames, to one userName in
 *     different cases (core normalises the values, the backend compares {@code UniqueValue}s exactly)
 *     exactly one succeeds and the others throw {@code UniquenessConflictException} naming the value;
 *     an update to a taken value changes nothing; a delete or a rename frees a value; values that are
 *     not unique may repeat.</li>
 * <li><b>Searches</b> agree with the in-memory reference on about 200 varied Users and some Groups:
 *     {@code totalResults} and the ids of the page in order, for every filter of {@link SearchCorpus}
 *     (every operator, and/or/not, value paths, dateTimes across zones, the extension, case-insensitive
 *     compare, absent attributes, literal LIKE wildcards), every sort (string, caseExact, boolean,
 *     dateTime, multi-valued by its primary or first value; missing values last ascending, first
 *     descending; ties by id) and pages (startIndex and count, past the end, count 0). Found resources
 *     are whole: core sends them back as they are.</li>
 * <li><b>Members.</b> A group's members come back in order after they are added and removed by
 *     {@code update}, one at a time and many at once, also 10,000 of them. The search
 *     {@code members.value eq "<id>"} finds the groups that list a member: <em>core runs it for every
 *     User it sends back</em> (a GET, and each User of a list or search page), to compute its
 *     {@code groups}, and again for every group found, to find the groups nesting it; and on every
 *     delete, to take the deleted resource out of its groups. So it must be right and should be fast
 *     (an index on members' values). {@code create(resource, membersExist)} stores no group that lists
 *     a member that is gone: the backend runs {@code membersExist} where no delete can come between
 *     the check and the write, or makes the same check itself; core's create of a group racing core's
 *     delete of its member never leaves the member listed.</li>
 * <li><b>Restore.</b> A dump of the backend's {@code all()} ({@code ResourceDump}), restored by core
 *     into a fresh backend ({@code DumpRestore}, as {@code --restore} and a start from the snapshot
 *     do), keeps every id, version, {@code meta.created}, {@code meta.lastModified}, body and
 *     membership, also of groups that list each other.</li>
 * </ol>
 *
 * <p>Every backend the kit gets from {@link #newBackend} it closes after the test (the search data's
 * after the class). No test asserts how fast anything is; a writer that waits minutes fails as a
 * deadlock. The kit uses only the public API of the server's {@code store}, {@code schema},
 * {@code core}, {@code json} and {@code error} packages (nothing was made public for it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendContract {
    private final List<Backend> opened = new ArrayList<>();
    private SearchChecks searches;

    /**
     * A new, empty backend for these resource types (the RFC 7643 User, Group and enterprise
     * extension); called for every test, and once more for the searches' data.
     */
    protected abstract Backend newBackend(SchemaRegistry registry);

    /**
     * How many threads write at once in the tests of obligations 3 and 4 (at least 2). Fewer cost the
     * fork the chance of seeing a lost update or a doubly held unique value, which show only when
     * writers really overlap; core's HTTP server runs each request on a thread of its own.
     */
    protected int parallelWriters() {
        return 20;
    }

    /**
     * Whether to run the test of a group with 10,000 members. Skipping it costs the fork the proof
     * that large groups work (identity providers push groups of tens of thousands, and core's PATCH
     * of one adds or removes a few members of the whole list), and that member searches stay right there.
     */
    protected boolean largeGroups() {
        return true;
    }

    /** A fresh backend, closed after the test. */
    private Backend fresh() {
        Backend backend = newBackend(REGISTRY);
        opened.add(backend);
        return backend;
    }

    private SearchChecks searches() {
        if (searches == null) {
            searches = new SearchChecks(newBackend(REGISTRY));
        }
        return searches;
    }

    @AfterEach
    void closeBackends() {
        opened.forEach(Backend::close);
        opened.clear();
    }

    @AfterAll
    void closeSearchData() {
        if (searches != null) {
            searches.close();
        }
    }

    // 1. CRUD

    @Test
    void createdUsersAndGroupsComeBackAsStoredAndUnknownIdsAreEmpty() {
        CrudChecks.createdResourcesComeBackAsStored(fresh());
    }

    @Test
    void updateAndDeleteOfAnUnknownIdAreNotFound() {
        CrudChecks.unknownIdsAreNotFound(fresh());
    }

    @Test
    void anUpdateStoresWhatItsFunctionReturned() {
        CrudChecks.anUpdateStoresWhatTheFunctionReturned(fresh());
    }

    @Test
    void anUpdateReturningTheCurrentStateChangesNothing() {
        CrudChecks.anUpdateReturningTheCurrentStateChangesNothing(fresh());
    }

    @Test
    void aDeleteRemovesTheResourceFromGetListAllAndSearch() {
        CrudChecks.aDeleteRemovesTheResourceEverywhere(fresh());
    }

    @Test
    void listFollowsCreationOrderAndAnUpdateKeepsThePlace() {
        CrudChecks.listFollowsCreation(fresh());
    }

    @Test
    void allHoldsEveryResourceOfEveryTypeOnce() {
        CrudChecks.allHoldsEveryResourceOfEveryTypeOnce(fresh());
    }

    @Test
    void idsAreUniquePerTypeOnly() {
        CrudChecks.idsArePerType(fresh());
    }

    @Test
    void aSecondCreateOfATakenIdIsRefused() {
        CrudChecks.aSecondCreateOfAnIdIsRefused(fresh());
    }

    @Test
    void searchesSeeEveryWrite() {
        CrudChecks.searchesSeeEveryWrite(fresh());
    }

    // 2. Ids and versions

    @Test
    void versionsAreKeptAsGivenAndAnUpdateStoresTheNewOne() {
        CrudChecks.versionsAreKeptAsGiven(fresh());
    }

    // 3. Atomic updates and deletes

    @Test
    void parallelReadModifyWriteUpdatesLoseNoIncrement() {
        AtomicityChecks.parallelIncrementsLoseNothing(fresh(), parallelWriters());
    }

    @Test
    void ofParallelIfMatchUpdatesExactlyOneWins() {
        AtomicityChecks.parallelIfMatchWritesLetOneWin(fresh(), parallelWriters());
    }

    @Test
    void aThrowingUpdateFunctionChangesNothing() {
        AtomicityChecks.aThrowingUpdateChangesNothing(fresh());
    }

    @Test
    void aRefusingDeletePreconditionDeletesNothing() {
        AtomicityChecks.aRefusingDeletePreconditionDeletesNothing(fresh());
    }

    @Test
    void ofParallelDeletesExactlyOneSucceeds() {
        AtomicityChecks.parallelIfMatchDeletesDeleteOnce(fresh(), parallelWriters());
    }

    @Test
    void updatesRacingADeleteNeverBringTheResourceBack() {
        AtomicityChecks.updatesRacingADeleteNeverBringItBack(fresh(), parallelWriters());
    }

    // 4. Uniqueness

    @Test
    void ofParallelCreatesOfOneUserNameExactlyOneWins() {
        UniquenessChecks.parallelCreatesOfOneUserNameLetOneWin(fresh(), parallelWriters());
    }

    @Test
    void parallelCreatesOfDifferentUserNamesAllSucceed() {
        UniquenessChecks.parallelCreatesOfDifferentValuesAllSucceed(fresh(), parallelWriters());
    }

    @Test
    void anUpdateToATakenValueIsRefusedAndChangesNothing() {
        UniquenessChecks.anUpdateToATakenValueIsRefusedAndChangesNothing(fresh());
    }

    @Test
    void ofParallelRenamesToOneUserNameExactlyOneWins() {
        UniquenessChecks.parallelRenamesToOneValueLetOneWin(fresh(), parallelWriters());
    }

    @Test
    void aDeleteOrARenameFreesAValue() {
        UniquenessChecks.aValueIsFreedByDeleteAndByRename(fresh());
    }

    @Test
    void valuesThatAreNotUniqueMayRepeat() {
        UniquenessChecks.onlyUniqueValuesConflict(fresh());
    }

    // 5. Searches, against the in-memory reference

    /**
     * The searches below are parameterized tests; a test class path without junit-jupiter-params
     * would skip them without a word, so that is a failure here.
     */
    @Test
    void theKitsSearchesCanRun() {
        assertThat(ParameterizedTest.class.getName()).as("junit-jupiter-params on the test class path")
                .isEqualTo("org.junit.jupiter.params.ParameterizedTest");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.scimserver.store.kit.SearchCorpus#userFilters")
    void aUserFilterFindsWhatTheReferenceFinds(String filter) {
        searches().assertSameAnswer(USER, filter, null, null, 1, null);
        searches().assertSameAnswer(USER, filter, "userName", "descending", 2, 5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.scimserver.store.kit.SearchCorpus#groupFilters")
    void aGroupFilterFindsWhatTheReferenceFinds(String filter) {
        searches().assertSameAnswer(GROUP, filter, null, null, 1, null);
        searches().assertSameAnswer(GROUP, filter, "displayName", "ascending", 2, 2);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.scimserver.store.kit.SearchCorpus#userSorts")
    void usersSortAsTheReferenceSortsThem(String sortBy, String sortOrder) {
        searches().assertSameAnswer(USER, null, sortBy, sortOrder, 1, null);
        searches().assertSameAnswer(USER, "active eq true or emails pr", sortBy, sortOrder, 3, 7);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.scimserver.store.kit.SearchCorpus#groupSorts")
    void groupsSortAsTheReferenceSortsThem(String sortBy, String sortOrder) {
        searches().assertSameAnswer(GROUP, null, sortBy, sortOrder, 1, null);
        searches().assertSameAnswer(GROUP, "members pr", sortBy, sortOrder, 2, 3);
    }

    @ParameterizedTest(name = "startIndex={0} count={1}")
    @MethodSource("dev.scimserver.store.kit.SearchCorpus#pages")
    void pagesAreThePagesOfTheReference(int startIndex, Integer count) {
        searches().assertSameAnswer(USER, null, null, null, startIndex, count);
        searches().assertSameAnswer(USER, "userName sw \"user\"", "userName", "descending", startIndex, count);
        searches().assertSameAnswer(USER, "emails.value pr", "meta.lastModified", "ascending", startIndex, count);
    }

    @Test
    void foundResourcesAreWhole() {
        searches().assertWholeResources(USER, null);
        searches().assertWholeResources(USER, "userName eq \"bjensen\" or emails.value co \"example.org\"");
        searches().assertWholeResources(GROUP, null);
    }

    @Test
    void mostFiltersOfTheCorpusTellResourcesApart() {
        // The comparisons say something only when the answers differ from filter to filter.
        List<String> filters = SearchCorpus.userFilters().toList();
        long splitting = filters.stream().map(f -> searches().referenceTotal(USER, f))
                .filter(total -> total > 0 && total < searches().users()).count();
        assertThat(splitting).isGreaterThan(filters.size() * 8 / 10);
    }

    // 6. Members

    @Test
    void membersAddedAndRemovedOneAtATimeComeBackInOrder() {
        MemberChecks.membersAddedAndRemovedOneAtATime(fresh());
    }

    @Test
    void manyMembersAddedAndRemovedAtOnceComeBackInOrder() {
        MemberChecks.manyMembersAddedAndRemovedAtOnce(fresh());
    }

    @Test
    void theMembersSearchFindsTheGroupsOfAMember() {
        MemberChecks.aMembersSearchFindsTheGroupsOfAMember(fresh());
    }

    @Test
    void theGroupsOfManyMembersAtOnceAreThoseOfOneSearchEach() {
        MemberChecks.groupsNamingAnswersAsOneSearchPerId(fresh());
    }

    @Test
    void aGroupListingAMemberThatIsGoneIsNotStored() {
        MemberChecks.aGroupWithAMemberThatIsGoneIsNotStored(fresh());
    }

    @Test
    void aMemberDeletedWhileItsGroupIsCreatedIsNeverListed() {
        MemberChecks.aMemberDeletedWhileItsGroupIsCreatedIsNeverListed(fresh());
    }

    @Test
    void aGroupOf10000MembersKeepsThemThroughChanges() {
        Assumptions.assumeTrue(largeGroups(), "largeGroups() is false");
        MemberChecks.aLargeGroupKeepsItsMembers(fresh());
    }

    // 7. Restore of a dump

    @Test
    void aRestoredDumpKeepsIdsVersionsTimesAndMembers(@TempDir Path folder) throws IOException {
        RestoreChecks.aRestoredDumpKeepsIdsVersionsTimesAndMembers(fresh(), fresh(), folder);
    }
}
