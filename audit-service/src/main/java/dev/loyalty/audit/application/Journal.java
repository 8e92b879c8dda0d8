package dev.loyalty.audit.application;

import dev.loyalty.audit.domain.JournalEntry;
import dev.loyalty.audit.domain.JournalPage;
import dev.loyalty.audit.domain.JournalQuery;

/** Port: the append-only store of journal entries. */
public interface Journal {

    /**
     * Records each entry unless one with its id exists; the check and the write are one operation.
     *
     * @return the ids of the entries written now (the others were already recorded: redeliveries)
     */
    java.util.Set<String> appendAll(java.util.List<JournalEntry> entries);

    JournalPage page(JournalQuery query);

    /** Every entry matching the query (its page and size ignored), newest first, streamed in chunks. */
    void forEach(JournalQuery query, java.util.function.Consumer<JournalEntry> action);
}
