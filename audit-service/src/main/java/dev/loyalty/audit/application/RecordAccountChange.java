package dev.loyalty.audit.application;

import dev.loyalty.audit.domain.JournalEntry;
import org.springframework.stereotype.Service;

/** Use case: a change arrives from the loyalty engine and becomes one journal entry, once. */
@Service
public class RecordAccountChange {

    private final Journal journal;

    public RecordAccountChange(Journal journal) {
        this.journal = journal;
    }

    /** @return false when the entry was already recorded (a redelivery) */
    public boolean record(JournalEntry entry) {
        return journal.append(entry);
    }

    /** A consumer batch in one write. @return the ids of the entries written now (the rest were redeliveries) */
    public java.util.Set<String> recordAll(java.util.List<JournalEntry> entries) {
        return entries.isEmpty() ? java.util.Set.of() : journal.appendAll(entries);
    }
}
