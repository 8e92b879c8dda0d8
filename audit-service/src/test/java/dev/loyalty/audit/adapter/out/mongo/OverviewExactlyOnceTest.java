package dev.loyalty.audit.adapter.out.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.loyalty.audit.application.Arrival;
import dev.loyalty.audit.application.RecordAccountChange;
import dev.loyalty.audit.application.TallyProgram;
import dev.loyalty.audit.domain.ChangeSource;
import dev.loyalty.audit.domain.JournalEntry;
import dev.loyalty.audit.domain.ProgramTally;
import dev.loyalty.audit.domain.Reason;
import dev.loyalty.support.test.MongoStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overview counts every change exactly once, without a transaction, whatever the consumer went through: each
 * guarantee below is one way a batch reaches the journal again (on the MongoDB stand-in, through the real adapters).
 */
class OverviewExactlyOnceTest {

    private static final Instant AT = Instant.parse("2026-11-24T03:15:00Z");

    private final MongoClient client = MongoClients.create(MongoStandIn.uri("unused"));
    private final MongoTemplate mongo = new MongoTemplate(client, "overview-" + UUID.randomUUID());
    private final MongoJournal journal = new MongoJournal(mongo);
    private final TallyProgram tallyProgram = new TallyProgram(new MongoProgramTallies(mongo));
    private final RecordAccountChange recordAccountChange = new RecordAccountChange(journal, tallyProgram);

    private final List<Arrival> firstOrder = List.of(
            arrival(0, 10, points("c-1", 1, 280)), arrival(0, 11, tier("c-1", 2, null, "GOLD")),
            arrival(1, 4, points("c-2", 1, 45)));

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void aBatchCountsOnceAndTheSameBatchDeliveredAgainAfterItWasCountedCountsNothing() {
        recordAccountChange.recordAll(firstOrder);
        recordAccountChange.recordAll(firstOrder); // the offsets were not committed before a restart

        assertThat(tallyProgram.overview()).isEqualTo(new ProgramTally(Map.of("GOLD", 1L, ProgramTally.NO_TIER, 1L), 325));
    }

    @Test
    void aCrashBetweenTheJournalWriteAndTheOverviewWriteIsRepairedByTheRedelivery() {
        journal.appendAll(firstOrder); // the entries are written, then the instance dies before counting them

        recordAccountChange.recordAll(firstOrder); // the same records, delivered again

        assertThat(tallyProgram.overview()).isEqualTo(new ProgramTally(Map.of("GOLD", 1L, ProgramTally.NO_TIER, 1L), 325));
    }

    @Test
    void aChangeRepublishedInAnotherRecordIsNotCountedAgainInALaterBatchOrInTheSameOne() {
        recordAccountChange.recordAll(firstOrder);
        Arrival republished = arrival(0, 12, tier("c-1", 2, null, "GOLD")); // the engine's relay sent it twice
        Arrival next = arrival(0, 13, points("c-1", 3, -30));
        Arrival republishedAgain = arrival(0, 14, points("c-1", 3, -30));

        recordAccountChange.recordAll(List.of(republished, next, republishedAgain));

        assertThat(tallyProgram.overview()).isEqualTo(new ProgramTally(Map.of("GOLD", 1L, ProgramTally.NO_TIER, 1L), 295));
    }

    @Test
    void aPartitionCountedByAnotherConsumerMeanwhileIsNotOverwritten() {
        MongoProgramTallies tallies = new MongoProgramTallies(mongo);
        recordAccountChange.recordAll(firstOrder);
        var stored = tallies.of(0);

        boolean replaced = tallies.replace(new dev.loyalty.audit.application.ProgramTallies.PartitionTally(0, ProgramTally.EMPTY, 99),
                stored.throughOffset() - 1); // read before the other consumer moved it on

        assertThat(replaced).isFalse();
        assertThat(tallies.of(0)).isEqualTo(stored);
    }

    private static Arrival arrival(int partition, long offset, JournalEntry entry) {
        return new Arrival(entry, new ChangeSource(partition, offset));
    }

    private static JournalEntry points(String customer, long sequence, long delta) {
        return JournalEntry.pointsChange("p-" + customer + "-" + sequence, customer, sequence, AT, AT, Reason.ORDER, delta, 0,
                null, "o-1", "e-" + sequence);
    }

    private static JournalEntry tier(String customer, long sequence, String before, String after) {
        return JournalEntry.tierChange("t-" + customer + "-" + sequence, customer, sequence, AT, AT, Reason.ORDER, true, before,
                after, 0, "o-1", "e-" + sequence);
    }
}
