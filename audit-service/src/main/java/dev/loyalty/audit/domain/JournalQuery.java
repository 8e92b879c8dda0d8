package dev.loyalty.audit.domain;

import java.time.Instant;
import java.util.Set;

/**
 * Which part of a customer's journal to read: entries whose {@code occurredAt} is in
 * {@code [from, to)} (either open), of the given types (all when empty), one page of them.
 */
public record JournalQuery(String customerId, Instant from, Instant to, Set<EntryType> types, int page, int size) {

    public JournalQuery {
        types = Set.copyOf(types);
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 or more");
        }
        if (size < 1) {
            throw new IllegalArgumentException("size must be 1 or more");
        }
    }
}
