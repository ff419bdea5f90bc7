package dev.scimserver.store;

/**
 * A backend that takes a large load (the restore of a dump at start, before any request) faster
 * when told where it begins and ends. Between the two calls every create keeps its checks (a used
 * id, a taken unique value) and {@link Backend#get} sees it, but what only searches and lists read
 * (equality indexes, creation order) may be filled once at the end: kept up to date one create at a
 * time, a million index entries were a third of a restore, most of it in the collector. Nothing may
 * search or list between the two calls.
 */
public interface BulkLoad {
    void beginBulkLoad();

    /** Fills whatever was left for the end; searches and lists see every resource again. */
    void endBulkLoad();
}
