package dev.loyalty.engine.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Month boundaries move customers of the monthly criteria without any purchase. */
class PeriodRolloverTest {

    private static final LoyaltyProgram MONTHLY = new LoyaltyProgram("VND", ZoneId.of("Asia/Ho_Chi_Minh"),
            TierCriterion.MONTHLY_SPEND, new EarnRate(10_000, 1));
    private static final TierPolicy TIERS = TierPolicy.of(List.of(
            new Tier("GOLD", "Gold", 3_000_000, null, new EarnRate(10_000, 2), 0, true)));
    private static final Instant NOW = Instant.parse("2027-01-05T00:00:00Z");

    @Test
    void aTierEarnedInNovemberIsKeptThroughDecemberAndLostAtTheJanuaryBoundary() {
        CustomerAccount gold = apply(CustomerAccount.newCustomer("c-1"),
                new AccountEvent.OrderPlaced("e-1", "c-1", "o-1", 3_500_000, Instant.parse("2026-11-20T03:00:00Z"))).account();

        CustomerAccount.Applied december = apply(gold, ended("2026-12"));
        assertThat(december.changes()).isEmpty();

        CustomerAccount.Applied january = apply(december.account(), ended("2027-01"));
        assertThat(january.changes()).singleElement().isInstanceOfSatisfying(AccountChange.TierChange.class, change -> {
            assertThat(change.reason()).isEqualTo(ChangeReason.PERIOD_ROLLOVER);
            assertThat(change.from()).isEqualTo("GOLD");
            assertThat(change.to()).isNull();
            assertThat(change.promoted()).isFalse();
            assertThat(change.occurredAt()).as("the boundary, in the program's time zone").isEqualTo(Instant.parse("2026-12-31T17:00:00Z"));
        });
    }

    @Test
    void theBoundaryAppliesOnceWhetherTheSweepOrTheNextOrderGetsThereFirst() {
        CustomerAccount gold = apply(CustomerAccount.newCustomer("c-1"),
                new AccountEvent.OrderPlaced("e-1", "c-1", "o-1", 3_500_000, Instant.parse("2026-11-20T03:00:00Z"))).account();

        CustomerAccount.Applied byOrder = apply(gold,
                new AccountEvent.OrderPlaced("e-2", "c-1", "o-2", 100_000, Instant.parse("2027-01-03T03:00:00Z")));
        CustomerAccount.Applied bySweep = apply(gold, ended("2027-01"));
        CustomerAccount.Applied sweepAfterOrder = apply(byOrder.account(), ended("2027-01"));

        AccountChange first = byOrder.changes().get(0);
        assertThat(first.reason()).as("the rollover comes before the order").isEqualTo(ChangeReason.PERIOD_ROLLOVER);
        assertThat(first.eventId()).isEqualTo(bySweep.changes().get(0).eventId());
        assertThat(sweepAfterOrder.changes()).isEmpty();
        assertThat(byOrder.changes()).filteredOn(c -> c instanceof AccountChange.PointsChange p && p.delta() == 10)
                .as("the January order earns at the tier held after the rollover: the default rate").hasSize(1);
    }

    @Test
    void aLifetimeProgramHasNoRollover() {
        CustomerAccount gold = CustomerAccount.newCustomer("c-1").apply(
                new AccountEvent.OrderPlaced("e-1", "c-1", "o-1", 3_500_000, Instant.parse("2026-11-20T03:00:00Z")),
                LoyaltyProgram.DEFAULT, TIERS, NOW).account();

        assertThat(gold.apply(ended("2027-01"), LoyaltyProgram.DEFAULT, TIERS, NOW).changes()).isEmpty();
    }

    private static CustomerAccount.Applied apply(CustomerAccount account, AccountEvent event) {
        return account.apply(event, MONTHLY, TIERS, NOW);
    }

    private static AccountEvent.PeriodEnded ended(String month) {
        java.time.YearMonth m = java.time.YearMonth.parse(month);
        return new AccountEvent.PeriodEnded("period-ended:" + month + ":c-1", "c-1",
                m.atDay(1).atStartOfDay(MONTHLY.timeZone()).toInstant());
    }
}
