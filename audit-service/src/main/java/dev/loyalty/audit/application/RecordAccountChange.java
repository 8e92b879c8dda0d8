package dev.loyalty.audit.application;

import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Set;

/**
 * Use case: changes arrive from the loyalty engine; each becomes one journal entry, once, and counts once in the
 * program's overview. The journal is written first: the overview counts only what it has recorded.
 */
@Service
public class RecordAccountChange {

    private final Journal journal;
    private final TallyProgram tallyProgram;

    public RecordAccountChange(Journal journal, TallyProgram tallyProgram) {
        this.journal = journal;
        this.tallyProgram = tallyProgram;
    }

    /** A consumer batch in one journal write and one overview write per partition. @return the ids written now */
    public Set<String> recordAll(List<Arrival> arrivals) {
        if (arrivals.isEmpty()) {
            return Set.of();
        }
        Journal.Appended appended = journal.appendAll(arrivals);
        tallyProgram.count(arrivals.stream().filter(a -> appended.firstRecordedHere().contains(a.source())).toList());
        return appended.written();
    }
}
