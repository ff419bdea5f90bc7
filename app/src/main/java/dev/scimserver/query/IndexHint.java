package dev.scimserver.query;

/**
 * "Only resources whose {@code key} has this normalised value can match": an equality a filter
 * requires, which a backend with an index on {@code key} answers without scanning.
 */
public record IndexHint(String key, String value) {
}
