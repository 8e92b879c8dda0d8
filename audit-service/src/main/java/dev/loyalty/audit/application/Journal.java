package dev.loyalty.audit.application;

import dev.loyalty.audit.domain.ChangeSource;
import dev.loyalty.audit.domain.JournalEntry;
import dev.loyalty.audit.domain.JournalPage;
import dev.loyalty.audit.domain.JournalQuery;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Port: the append-only store of journal entries. */
public interface Journal {

    /**
     * What recording a batch did.
     *
     * @param written           the ids of the entries written now (the others were already recorded: redeliveries)
     * @param firstRecordedHere the records whose entry was first recorded from them: written now, or written before from
     *                          the same record (delivered again after a crash); not a change republished in another
     *                          record
     */
    record Appended(Set<String> written, Set<ChangeSource> firstRecordedHere) {
    }

    /** Records each entry, with the record it arrived in, unless one with its id exists; the check and the write are one operation. */
    Appended appendAll(List<Arrival> arrivals);

    JournalPage page(JournalQuery query);

    /** Every entry matching the query (its page and size ignored), newest first, streamed in chunks. */
    void forEach(JournalQuery query, Consumer<JournalEntry> action);
}
