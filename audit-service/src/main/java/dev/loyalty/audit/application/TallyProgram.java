package dev.loyalty.audit.application;

import dev.loyalty.audit.domain.ProgramTally;
import dev.loyalty.support.DeliverAgainException;
import org.springframework.stereotype.Service;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Use case: the overview counts every change once, from the record it was first recorded from. Given a batch's
 * changes so recorded (the journal tells which: written now, or written before from this very record), each
 * partition's tally adds those past the offset it counts through and moves on to the batch's last, in one write.
 * A crash before that write leaves the offset behind, so the redelivered records count then; a crash after it leaves
 * the offset ahead, so they do not count again; a republished copy of a change was recorded from another record and
 * never reaches here.
 */
@Service
public class TallyProgram {

    private final ProgramTallies tallies;

    public TallyProgram(ProgramTallies tallies) {
        this.tallies = tallies;
    }

    /** @param firstRecordedHere in the order they were read */
    public void count(List<Arrival> firstRecordedHere) {
        Map<Integer, List<Arrival>> byPartition = new LinkedHashMap<>();
        firstRecordedHere.forEach(a -> byPartition.computeIfAbsent(a.source().partition(), p -> new java.util.ArrayList<>()).add(a));
        byPartition.forEach((partition, arrivals) -> {
            ProgramTallies.PartitionTally stored = tallies.of(partition);
            ProgramTally tally = stored.tally();
            long through = stored.throughOffset();
            for (Arrival arrival : arrivals) {
                if (arrival.source().offset() > stored.throughOffset()) {
                    tally = tally.plus(arrival.entry());
                    through = Math.max(through, arrival.source().offset());
                }
            }
            if (through > stored.throughOffset()
                    && !tallies.replace(new ProgramTallies.PartitionTally(partition, tally, through), stored.throughOffset())) {
                throw new DeliverAgainException("the overview of partition " + partition + " moved on meanwhile: counting again");
            }
        });
    }

    /** The program's overview: every partition's tally together. */
    public ProgramTally overview() {
        return tallies.all().stream().map(ProgramTallies.PartitionTally::tally).reduce(ProgramTally.EMPTY, ProgramTally::plus);
    }
}
