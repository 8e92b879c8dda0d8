package dev.loyalty.audit.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The overview's arithmetic: who holds which tier and how many points are out, from the changes alone. */
class ProgramTallyTest {

    private static final Instant AT = Instant.parse("2026-11-24T03:15:00Z");

    @Test
    void aCustomersFirstChangeBringsThemInATierChangeMovesThemAndPointsAddUp() {
        ProgramTally tally = ProgramTally.EMPTY
                .plus(points("c-1", 1, 280))                     // first order: in, holding no tier yet
                .plus(tier("c-1", 2, null, "GOLD"))              // the order promotes
                .plus(points("c-2", 1, 45))                      // another customer, no tier
                .plus(points("c-1", 3, -50))                     // a return
                .plus(tier("c-1", 4, "GOLD", "BRONZE"));         // it demotes

        assertThat(tally.customersByTier()).isEqualTo(Map.of("BRONZE", 1L, ProgramTally.NO_TIER, 1L));
        assertThat(tally.customers()).isEqualTo(2);
        assertThat(tally.pointsOutstanding()).isEqualTo(275);
    }

    @Test
    void aCustomerWhoseFirstChangeIsATierChangeComesInFromNoTier() {
        ProgramTally tally = ProgramTally.EMPTY.plus(tier("c-9", 1, null, "SILVER")); // an opening balance's promotion

        assertThat(tally.customersByTier()).isEqualTo(Map.of("SILVER", 1L));
    }

    @Test
    void partitionsTalliesAddUp() {
        ProgramTally one = ProgramTally.EMPTY.plus(points("c-1", 1, 10)).plus(tier("c-1", 2, null, "GOLD"));
        ProgramTally two = ProgramTally.EMPTY.plus(points("c-2", 1, 5)).plus(tier("c-2", 2, null, "GOLD"));

        assertThat(one.plus(two)).isEqualTo(new ProgramTally(Map.of("GOLD", 2L), 15));
    }

    private static JournalEntry points(String customer, long sequence, long delta) {
        return JournalEntry.pointsChange("p-" + customer + sequence, customer, sequence, AT, AT, Reason.ORDER, delta, 0,
                sequence == 1 ? null : "GOLD", "o-1", "e-1");
    }

    private static JournalEntry tier(String customer, long sequence, String before, String after) {
        return JournalEntry.tierChange("t-" + customer + sequence, customer, sequence, AT, AT, Reason.ORDER,
                after != null && (before == null || after.compareTo(before) > 0), before, after, 0, "o-1", "e-1");
    }
}
