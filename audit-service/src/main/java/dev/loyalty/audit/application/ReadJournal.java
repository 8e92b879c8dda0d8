package dev.loyalty.audit.application;

import dev.loyalty.audit.domain.JournalEntry;
import dev.loyalty.audit.domain.JournalPage;
import dev.loyalty.audit.domain.JournalQuery;
import org.springframework.stereotype.Service;

/** Query: one page of a customer's journal. A customer without entries gets an empty page. */
@Service
public class ReadJournal {

    private final Journal journal;

    public ReadJournal(Journal journal) {
        this.journal = journal;
    }

    public JournalPage page(JournalQuery query) {
        return journal.page(query);
    }

    /** The whole (filtered) journal, newest first, without holding it in memory (CSV export). */
    public void forEach(JournalQuery query, java.util.function.Consumer<JournalEntry> action) {
        journal.forEach(query, action);
    }
}
