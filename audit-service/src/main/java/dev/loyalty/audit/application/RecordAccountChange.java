package dev.loyalty.audit.application;

import dev.loyalty.audit.domain.JournalEntry;
import org.springframework.stereotype.Service;

/** Use case: changes arrive from the loyalty engine and each becomes one journal entry, once. */
@Service
public class RecordAccountChange {

    private final Journal journal;

    public RecordAccountChange(Journal journal) {
        this.journal = journal;
    }

    /** A consumer batch in one write. @return the ids of the entries written now (the rest were redeliveries) */
    public java.util.Set<String> recordAll(java.util.List<JournalEntry> entries) {
        return entries.isEmpty() ? java.util.Set.of() : journal.appendAll(entries);
    }
}
