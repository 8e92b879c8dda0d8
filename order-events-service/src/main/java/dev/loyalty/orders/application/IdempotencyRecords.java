package dev.loyalty.orders.application;

import java.util.Map;

/**
 * Port: what was accepted under each client id, shared by every instance and kept across restarts
 * (MongoDB, unique {@code _id}). A record is stored before publishing. An import chunk is also marked published
 * after the broker's acknowledgement, so a crash in between leaves a chunk a retry re-publishes. An order's or a
 * return's record is not (one round trip per write): it is marked only when its publication failed, and every
 * duplicate of it is published again.
 */
public interface IdempotencyRecords {

    /** Claims {@code key} for content with {@code fingerprint}, atomically with any concurrent claim. */
    default Claim claim(String key, String fingerprint) {
        return claim(key, fingerprint, null);
    }

    /** Like {@link #claim(String, String)}, remembering the write's store (an order's, for the store scope of its returns). */
    Claim claim(String key, String fingerprint, String storeId);

    /** The store of an accepted order, if the order is known here. */
    java.util.Optional<String> storeOf(String orderKey);

    /** The write under {@code key} reached the broker (clears a failure mark). */
    void markPublished(String key);

    /** The publication of the write under {@code key} failed: its retry is a first acceptance, not a duplicate. */
    void markPublishFailed(String key);

    /**
     * Claims a chunk of import rows (line → fingerprint) under {@code key}, comparing each line with
     * what an earlier request stored there. Lines new to the chunk are added to it.
     *
     * @param firstLine the chunk's first line; lines are stored by their offset from it
     * @return each line's state
     */
    Map<Long, Claim> claimRows(String key, long firstLine, Map<Long, String> fingerprints);

    enum Claim {
        /** Never seen: publish it. */
        NEW,
        /** Seen with the same content; its publication failed (or, for an import chunk, is not confirmed): publish again. */
        PENDING,
        /** Seen with the same content and, as far as is known, published: a duplicate. */
        PUBLISHED,
        /** Seen with other content: refuse. */
        CONFLICT
    }
}
