package dev.loyalty.audit.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class JournalEntryTest {

    private static final Instant AT = Instant.parse("2026-11-24T03:00:00Z");

    @ParameterizedTest(name = "{0} with delta {1} is {2}")
    @CsvSource({
            "ORDER, 280, POINTS_EARNED",
            "ORDER, -5, POINTS_REVERSED",
            "RETURN, -50, POINTS_REVERSED",
            "REDEMPTION, -50, POINTS_REDEEMED",
            "RECALCULATION, 120, POINTS_RECALCULATED",
            "RECALCULATION, -120, POINTS_RECALCULATED",
            "OPENING_BALANCE, 10, POINTS_RECALCULATED"})
    void aPointsChangeIsTypedByItsReason(Reason reason, long delta, EntryType type) {
        JournalEntry entry = JournalEntry.pointsChange("e", "c", 1, AT, AT, reason, delta, 100, "GOLD", null, "s");

        assertThat(entry.type()).isEqualTo(type);
        assertThat(entry.tierBefore()).isEqualTo("GOLD").isEqualTo(entry.tierAfter());
    }

    @Test
    void aTierChangeMovesNoPointsAndKeepsTheBalanceAtThatMoment() {
        JournalEntry promoted = JournalEntry.tierChange("e", "c", 2, AT, AT, Reason.ORDER, true, "BRONZE", "GOLD", 330, "o-1", "s");
        JournalEntry demoted = JournalEntry.tierChange("e", "c", 3, AT, AT, Reason.PERIOD_ROLLOVER, false, "GOLD", null, 330, null, "s");

        assertThat(promoted.type()).isEqualTo(EntryType.TIER_PROMOTED);
        assertThat(promoted.pointsDelta()).isZero();
        assertThat(promoted.pointsBalance()).isEqualTo(330);
        assertThat(demoted.type()).isEqualTo(EntryType.TIER_DEMOTED);
    }

    @Test
    void aJournalIsCompleteWhenItHoldsEverySequenceUpToItsNewest() {
        assertThat(JournalPage.isComplete(0, 0)).isTrue();
        assertThat(JournalPage.isComplete(3, 3)).isTrue();
        assertThat(JournalPage.isComplete(2, 3)).isFalse();
    }
}
