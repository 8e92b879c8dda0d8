package dev.loyalty.engine.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Now" for the monthly criteria is the service clock's month (contract "Now"), never an event's: an event counts in
 * the month of its own time but never makes that month current, and month boundaries move customers without any
 * purchase. Every application below happens at an explicit processing time.
 */
class PeriodRolloverTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final LoyaltyProgram MONTHLY = new LoyaltyProgram("VND", ZONE, TierCriterion.MONTHLY_SPEND, new EarnRate(10_000, 1));
    private static final LoyaltyProgram AVERAGE = new LoyaltyProgram("VND", ZONE, TierCriterion.AVERAGE_MONTHLY_SPEND, new EarnRate(10_000, 1));
    private static final TierPolicy TIERS = TierPolicy.of(List.of(
            new Tier("GOLD", "Gold", 3_000_000, null, new EarnRate(10_000, 2), 0, true)));
    private static final Instant NOV_20 = Instant.parse("2026-11-20T03:00:00Z");

    @Test
    void underMonthlySpendAnOrderDatedTwoMonthsAgoQualifiesForNothingHoweverLateItArrives() {
        Instant now = Instant.parse("2026-12-01T05:00:00Z");
        CustomerAccount.Applied late = apply(CustomerAccount.newCustomer("c-1"), order("o-1", 5_000_000, "2026-10-05T03:00:00Z"), MONTHLY, now);

        assertThat(late.account().tier()).isNull();
        assertThat(late.changes()).noneMatch(AccountChange.TierChange.class::isInstance);
        assertThat(late.account().qualifyingSpend(MONTHLY, now)).isZero();
        assertThat(late.account().monthlySpend()).as("it still counts in its own month").containsEntry(YearMonth.of(2026, 10), 5_000_000L);
        assertThat(late.account().standing().tierAt(MONTHLY, TIERS, now)).isNull();
    }

    @Test
    void underAverageMonthlySpendTheDivisorRunsToTheWallClocksMonth() {
        Instant now = Instant.parse("2026-12-01T05:00:00Z");
        CustomerAccount account = apply(CustomerAccount.newCustomer("c-1"), order("o-1", 3_000_000, "2026-09-10T03:00:00Z"), AVERAGE, now).account();

        assertThat(account.qualifyingSpend(AVERAGE, now)).as("Sep, Oct, Nov, Dec: 4 months").isEqualTo(750_000);
        assertThat(account.tier()).isNull();
    }

    @Test
    void anOrderDatedLastMonthKeepsGoldThroughThisMonthAndIsDemotedAtTheNextBoundary() {
        CustomerAccount.Applied gold = apply(CustomerAccount.newCustomer("c-1"), order("o-1", 3_500_000, "2026-11-28T03:00:00Z"),
                MONTHLY, Instant.parse("2026-12-02T03:00:00Z"));
        assertThat(gold.account().tier()).as("November still counts in December").isEqualTo("GOLD");

        CustomerAccount.Applied lateDecember = apply(gold.account(), ended("2026-12"), MONTHLY, Instant.parse("2026-12-31T16:00:00Z"));
        assertThat(lateDecember.changes()).isEmpty();

        CustomerAccount.Applied january = apply(gold.account(), ended("2027-01"), MONTHLY, Instant.parse("2027-01-01T00:05:00Z"));
        assertThat(january.changes()).singleElement().isInstanceOfSatisfying(AccountChange.TierChange.class, change -> {
            assertThat(change.reason()).isEqualTo(ChangeReason.PERIOD_ROLLOVER);
            assertThat(change.from()).isEqualTo("GOLD");
            assertThat(change.to()).isNull();
            assertThat(change.promoted()).isFalse();
            assertThat(change.occurredAt()).as("the boundary, in the program's time zone").isEqualTo(Instant.parse("2026-12-31T17:00:00Z"));
        });
    }

    @Test
    void theViewShowsTheTierAtTheRequestsMomentBeforeTheSweepHasWrittenIt() {
        CustomerAccount gold = apply(CustomerAccount.newCustomer("c-1"), order("o-1", 3_500_000, "2026-11-28T03:00:00Z"),
                MONTHLY, Instant.parse("2026-11-28T03:00:01Z")).account();
        AccountStanding standing = gold.standing();

        assertThat(standing.tierAt(MONTHLY, TIERS, Instant.parse("2026-12-15T00:00:00Z"))).isEqualTo("GOLD");
        assertThat(standing.tierAt(MONTHLY, TIERS, Instant.parse("2027-01-02T00:00:00Z"))).as("the January boundary, pending").isNull();
        assertThat(standing.qualifyingSpend(MONTHLY, Instant.parse("2027-01-02T00:00:00Z"))).isZero();
    }

    @Test
    void boundariesThatPassedWhileNobodyLookedApplyOnceEachWhicheverEventComesFirst() {
        CustomerAccount gold = apply(CustomerAccount.newCustomer("c-1"), order("o-1", 3_500_000, "2026-11-20T03:00:00Z"),
                MONTHLY, NOV_20).account();
        Instant january = Instant.parse("2027-01-03T03:00:00Z");

        CustomerAccount.Applied byOrder = apply(gold, order("o-2", 100_000, "2027-01-03T03:00:00Z"), MONTHLY, january);
        CustomerAccount.Applied bySweep = apply(gold, ended("2027-01"), MONTHLY, january);
        CustomerAccount.Applied sweepAfterOrder = apply(byOrder.account(), ended("2027-01"), MONTHLY, january);

        AccountChange first = byOrder.changes().get(0);
        assertThat(first.reason()).as("the rollover comes before the order").isEqualTo(ChangeReason.PERIOD_ROLLOVER);
        assertThat(first.eventId()).isEqualTo(bySweep.changes().get(0).eventId());
        assertThat(bySweep.changes()).as("December kept Gold (November counts), January demotes: one change").hasSize(1);
        assertThat(sweepAfterOrder.changes()).isEmpty();
        assertThat(sweepAfterOrder.stateChanged()).isFalse();
        assertThat(byOrder.changes()).filteredOn(c -> c instanceof AccountChange.PointsChange p && p.delta() == 10)
                .as("the January order earns at the tier held after the rollover: the default rate").hasSize(1);
    }

    @Test
    void aLifetimeProgramHasNoRollover() {
        CustomerAccount gold = CustomerAccount.newCustomer("c-1").apply(order("o-1", 3_500_000, "2026-11-20T03:00:00Z"),
                LoyaltyProgram.DEFAULT, TIERS, NOV_20).account();

        assertThat(gold.apply(ended("2027-01"), LoyaltyProgram.DEFAULT, TIERS, Instant.parse("2027-01-05T00:00:00Z")).changes()).isEmpty();
    }

    private static CustomerAccount.Applied apply(CustomerAccount account, AccountEvent event, LoyaltyProgram program, Instant now) {
        return account.apply(event, program, TIERS, now);
    }

    private static AccountEvent.OrderPlaced order(String orderId, long amount, String at) {
        return new AccountEvent.OrderPlaced("e-" + orderId, "c-1", orderId, amount, Instant.parse(at));
    }

    private static AccountEvent.TimePassed ended(String month) {
        YearMonth m = YearMonth.parse(month);
        return new AccountEvent.TimePassed("period-ended:" + month + ":c-1", "c-1", m.atDay(1).atStartOfDay(ZONE).toInstant());
    }
}
