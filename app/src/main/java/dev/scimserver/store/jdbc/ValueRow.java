package dev.scimserver.store.jdbc;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * One row of {@code scim_value}: one filterable value of a resource, in the typed column its
 * attribute's schema type calls for (see V1__resources.sql). A row with no value at all is the
 * marker of one element of a complex attribute, so value paths have elements to range over.
 *
 * @param path    {@link dev.scimserver.query.ResolvedPath#key()} of the value, or for a marker the
 *                attribute's own lower-case name (with its extension URN)
 * @param elem    0 for a single value, 1, 2, … for the elements of an array in their order
 * @param primary the value belongs to the element whose {@code primary} is true
 * @param str     string, reference, binary and dateTime values as written
 * @param strCi   string, reference and binary values lower-cased as case-insensitive filters compare them
 * @param num     integer and decimal values
 * @param ts      dateTime values that parse, as an instant (in UTC)
 * @param bool    boolean values
 */
public record ValueRow(String path, int elem, boolean primary, String str, String strCi, BigDecimal num,
                       OffsetDateTime ts, Boolean bool) {
}
