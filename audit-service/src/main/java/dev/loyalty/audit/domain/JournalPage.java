package dev.loyalty.audit.domain;

import java.util.List;

/**
 * A page of a journal, newest first by sequence.
 *
 * @param total    entries matching the query
 * @param complete false while some change of the customer has not arrived yet (a gap in the sequence)
 */
public record JournalPage(List<JournalEntry> items, int page, int size, long total, boolean complete) {

    public JournalPage {
        items = List.copyOf(items);
    }

    /**
     * Sequences start at 1 and have no holes, so a journal holding {@code count} entries whose highest
     * sequence is {@code count} has every change up to its newest.
     */
    public static boolean isComplete(long entryCount, long highestSequence) {
        return entryCount == highestSequence;
    }
}
