package dev.loyalty.engine.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract "Point lifecycle": each order's points form a lot that may be pending and may expire; spending takes the
 * soonest-expiring first; a return its own order's lot first; activation and expiry happen at their instants,
 * once, whatever applies them; manual adjustments. Every application happens at an explicit processing time.
 */
class PointsLifecycleTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final EarnRate ONE_PER_10000 = new EarnRate(10_000, 1);
    private static final TierPolicy NO_TIERS = TierPolicy.of(List.of());
    private static final LoyaltyProgram EXPIRING_30 = program(0, new PointsExpiry(PointsExpiry.Mode.AFTER_DAYS, 30));
    private static final LoyaltyProgram PENDING_14 = program(14, PointsExpiry.NONE);

    private CustomerAccount account = CustomerAccount.newCustomer("c-1");
    private int events;

    @Test
    void spendingTakesTheSoonestExpiringLotsFirst() {
        at(EXPIRING_30, "2026-11-01T03:00:00Z", order("o-a", 1_000_000, "2026-11-01T03:00:00Z"));  // 100, expires Dec 1
        at(EXPIRING_30, "2026-11-10T03:00:00Z", order("o-b", 500_000, "2026-11-10T03:00:00Z"));   // 50, expires Dec 10

        at(EXPIRING_30, "2026-11-20T03:00:00Z", redemption("red-1", 120));

        assertThat(account.ledger().lot("o-a")).as("spent first, then dropped").isNull();
        assertThat(account.ledger().lot("o-b").remaining()).isEqualTo(30);
        assertThat(account.ledger().expiring(instant("2026-11-20T03:00:00Z")))
                .isEqualTo(new PointsLedger.Expiring(30, instant("2026-12-10T03:00:00Z")));
    }

    @Test
    void pendingPointsCountInTheBalanceButAreNotRedeemableUntilTheyActivateOnce() {
        at(PENDING_14, "2026-11-01T03:00:00Z", order("o-1", 1_000_000, "2026-11-01T03:00:00Z"));
        Instant during = instant("2026-11-10T00:00:00Z");
        assertThat(account.pointsBalance()).isEqualTo(100);
        assertThat(account.ledger().pending(during)).isEqualTo(100);
        assertThat(account.redeemablePoints(NO_TIERS, during)).isZero();
        assertThatThrownBy(() -> account.apply(redemption("red-1", 1), PENDING_14, NO_TIERS, during))
                .isInstanceOf(InsufficientPoints.class);

        CustomerAccount.Applied activated = at(PENDING_14, "2026-11-16T00:00:00Z", timePassed());
        assertThat(activated.changes()).singleElement().isInstanceOfSatisfying(AccountChange.PointsChange.class, c -> {
            assertThat(c.reason()).isEqualTo(ChangeReason.PENDING_ENDED);
            assertThat(c.delta()).isZero();
            assertThat(c.occurredAt()).as("the activation instant, 14 calendar days on").isEqualTo(instant("2026-11-15T03:00:00Z"));
        });
        assertThat(account.redeemablePoints(NO_TIERS, instant("2026-11-16T00:00:00Z"))).isEqualTo(100);
        assertThat(at(PENDING_14, "2026-11-17T00:00:00Z", timePassed()).changes()).as("once").isEmpty();
    }

    @Test
    void aReturnDuringPendingTakesItsOwnOrdersPendingPointsAndAFullyReturnedLotNeverActivates() {
        at(PENDING_14, "2026-11-01T03:00:00Z", order("o-1", 1_000_000, "2026-11-01T03:00:00Z"));
        at(PENDING_14, "2026-11-01T04:00:00Z", order("o-2", 500_000, "2026-11-01T04:00:00Z"));

        at(PENDING_14, "2026-11-05T00:00:00Z", returnOf("r-1", "o-1", 1_000_000, "2026-11-05T00:00:00Z"));

        assertThat(account.ledger().lot("o-1")).isNull();
        assertThat(account.ledger().lot("o-2").remaining()).as("the other order's lot untouched").isEqualTo(50);
        CustomerAccount.Applied later = at(PENDING_14, "2026-11-20T00:00:00Z", timePassed());
        assertThat(later.changes()).as("only o-2 activates").singleElement()
                .satisfies(c -> assertThat(((AccountChange.PointsChange) c).orderId()).isEqualTo("o-2"));
    }

    @Test
    void aReturnAfterPartOfTheLotWasSpentTakesTheRestFromOtherLotsThenTheBalanceGoesBelowZero() {
        LoyaltyProgram plain = program(0, PointsExpiry.NONE);
        at(plain, "2026-11-01T03:00:00Z", order("o-1", 1_000_000, "2026-11-01T03:00:00Z"));
        at(plain, "2026-11-02T03:00:00Z", order("o-2", 1_000_000, "2026-11-02T03:00:00Z"));
        at(plain, "2026-11-03T03:00:00Z", redemption("red-1", 150));

        at(plain, "2026-11-04T03:00:00Z", returnOf("r-1", "o-1", 1_000_000, "2026-11-04T03:00:00Z"));

        assertThat(account.pointsBalance()).isEqualTo(-50);
        assertThat(account.redeemablePoints(NO_TIERS, instant("2026-11-04T03:00:00Z"))).isZero();
        at(plain, "2026-11-05T03:00:00Z", order("o-3", 800_000, "2026-11-05T03:00:00Z"));
        assertThat(account.pointsBalance()).as("new points repay the debt first").isEqualTo(30);
        assertThat(account.ledger().debt()).isZero();
    }

    @Test
    void theRemainderOfAPartlySpentLotExpiresAtItsInstantOnce() {
        at(EXPIRING_30, "2026-11-01T03:00:00Z", order("o-1", 1_000_000, "2026-11-01T03:00:00Z"));
        at(EXPIRING_30, "2026-11-05T03:00:00Z", redemption("red-1", 40));

        CustomerAccount.Applied expired = at(EXPIRING_30, "2026-12-02T00:00:00Z", timePassed());

        assertThat(expired.changes()).singleElement().isInstanceOfSatisfying(AccountChange.PointsChange.class, c -> {
            assertThat(c.reason()).isEqualTo(ChangeReason.EXPIRY);
            assertThat(c.delta()).isEqualTo(-60);
            assertThat(c.occurredAt()).isEqualTo(instant("2026-12-01T03:00:00Z"));
            assertThat(c.balanceAfter()).isZero();
        });
        assertThat(account.nextDue()).isNull();
    }

    @Test
    void twoSweepingInstancesExpireAndActivateEachLotOnceWhicheverComesFirst() {
        LoyaltyProgram both = program(14, new PointsExpiry(PointsExpiry.Mode.AFTER_DAYS, 30));
        at(both, "2026-11-01T03:00:00Z", order("o-1", 1_000_000, "2026-11-01T03:00:00Z"));
        CustomerAccount stored = account;
        Instant now = instant("2026-12-05T00:00:00Z");

        CustomerAccount.Applied first = stored.apply(new AccountEvent.TimePassed("due:c-1:a", "c-1", now), both, NO_TIERS, now);
        CustomerAccount.Applied other = stored.apply(new AccountEvent.TimePassed("due:c-1:b", "c-1", now.plusSeconds(30)), both,
                NO_TIERS, now.plusSeconds(30));
        CustomerAccount.Applied otherAfterFirst = first.account().apply(new AccountEvent.TimePassed("due:c-1:b", "c-1",
                now.plusSeconds(30)), both, NO_TIERS, now.plusSeconds(30));

        assertThat(first.changes()).extracting(AccountChange::reason).containsExactly(ChangeReason.PENDING_ENDED, ChangeReason.EXPIRY);
        assertThat(other.changes()).extracting(AccountChange::eventId).as("the same change ids: the journal records them once")
                .containsExactlyElementsOf(first.changes().stream().map(AccountChange::eventId).toList());
        assertThat(otherAfterFirst.changes()).isEmpty();
        assertThat(otherAfterFirst.stateChanged()).isFalse();
    }

    @Test
    void anOrderArrivingAfterItsExpiryEarnsAndIsFollowedAtOnceByItsExpiry() {
        CustomerAccount.Applied late = at(EXPIRING_30, "2026-12-01T00:00:00Z", order("o-1", 1_000_000, "2026-10-22T03:00:00Z"));

        assertThat(late.changes()).extracting(AccountChange::reason).containsExactly(ChangeReason.ORDER, ChangeReason.EXPIRY);
        assertThat(late.changes().get(1).occurredAt()).isEqualTo(instant("2026-11-21T03:00:00Z"));
        assertThat(account.pointsBalance()).isZero();
    }

    @Test
    void anOrderWhosePendingPeriodHasPassedIsNeverPendingAndWritesNoActivation() {
        CustomerAccount.Applied late = at(PENDING_14, "2026-12-01T00:00:00Z", order("o-1", 1_000_000, "2026-11-01T03:00:00Z"));

        assertThat(late.changes()).extracting(AccountChange::reason).containsExactly(ChangeReason.ORDER);
        assertThat(account.redeemablePoints(NO_TIERS, instant("2026-12-01T00:00:00Z"))).isEqualTo(100);
    }

    @Test
    void endOfMonthAfterMonthsExpiresAtTheStartOfTheMonthAfterInTheProgramsZone() {
        LoyaltyProgram endOfNext = program(0, new PointsExpiry(PointsExpiry.Mode.END_OF_MONTH_AFTER_MONTHS, 1));
        at(endOfNext, "2026-11-10T03:00:00Z", order("o-1", 1_000_000, "2026-11-10T03:00:00Z"));

        assertThat(account.ledger().lot("o-1").expiresAt()).as("end of December, Asia/Ho_Chi_Minh").isEqualTo(instant("2026-12-31T17:00:00Z"));
    }

    @Test
    void adjustmentsAreLotsOrSpendingAndAreIdempotentByIdWithTheirNote() {
        at(EXPIRING_30, "2026-11-01T03:00:00Z", order("o-1", 1_000_000, "2026-11-01T03:00:00Z"));

        CustomerAccount.Applied added = at(EXPIRING_30, "2026-11-02T03:00:00Z", adjustment("adj-1", 50, "complaint #12"));
        assertThat(added.changes()).singleElement().isInstanceOfSatisfying(AccountChange.PointsChange.class, c -> {
            assertThat(c.reason()).isEqualTo(ChangeReason.ADJUSTMENT);
            assertThat(c.actor()).isEqualTo("dev-admin");
            assertThat(c.note()).isEqualTo("complaint #12");
        });
        assertThat(account.ledger().lot("adjustment:adj-1").expiresAt()).as("a lot dated when it applies, never pending")
                .isEqualTo(instant("2026-12-02T03:00:00Z"));

        assertThat(at(EXPIRING_30, "2026-11-02T04:00:00Z", adjustment("adj-1", 50, "complaint #12")).changes()).isEmpty();
        // (the same id with other content is a conflict: AdjustPoints compares the record before applying, see AccessIT's neighbour AdjustmentsIT)
        assertThatThrownBy(() -> account.apply(adjustment("adj-2", -151, "too much"), EXPIRING_30, NO_TIERS, instant("2026-11-03T00:00:00Z")))
                .isInstanceOf(InsufficientPoints.class);
        at(EXPIRING_30, "2026-11-03T00:00:00Z", adjustment("adj-2", -120, "fraud"));
        assertThat(account.ledger().lot("o-1")).as("the soonest-expiring spent first").isNull();
        assertThat(account.pointsBalance()).isEqualTo(30);
    }

    @Test
    void aRecalculationDerivesEveryLotAgainUnderTheRulesInForce() {
        LoyaltyProgram plain = program(0, PointsExpiry.NONE);
        at(plain, "2026-10-01T03:00:00Z", order("o-old", 1_000_000, "2026-10-01T03:00:00Z"));
        at(plain, "2026-11-20T03:00:00Z", order("o-new", 500_000, "2026-11-20T03:00:00Z"));
        at(plain, "2026-11-21T03:00:00Z", redemption("red-1", 20));
        assertThat(account.pointsBalance()).isEqualTo(130);

        CustomerAccount.Applied recalculated = at(EXPIRING_30, "2026-12-01T00:00:00Z",
                new AccountEvent.Recalculated("recalc:1:c-1", "c-1", instant("2026-12-01T00:00:00Z"), true, true, null));

        // o-old's lot expired on Oct 31 under the new rule, before red-1 was made (Nov 21): red-1 is spent again from
        // what there was then, o-new's lot, and not from points that had already gone
        assertThat(account.pointsBalance()).isEqualTo(30);
        assertThat(account.ledger().lot("o-new").remaining()).isEqualTo(30);
        assertThat(recalculated.changes()).singleElement().isInstanceOfSatisfying(AccountChange.PointsChange.class, c -> {
            assertThat(c.reason()).isEqualTo(ChangeReason.RECALCULATION);
            assertThat(c.delta()).isEqualTo(-100);
        });
        assertThat(at(EXPIRING_30, "2026-12-01T01:00:00Z",
                new AccountEvent.Recalculated("recalc:2:c-1", "c-1", instant("2026-12-01T01:00:00Z"), true, true, null)).changes())
                .as("twice changes nothing").isEmpty();
    }

    private CustomerAccount.Applied at(LoyaltyProgram program, String now, AccountEvent event) {
        CustomerAccount.Applied applied = account.apply(event, program, NO_TIERS, instant(now));
        account = applied.account();
        return applied;
    }

    private static LoyaltyProgram program(int pendingDays, PointsExpiry expiry) {
        return new LoyaltyProgram("VND", ZONE, TierCriterion.LIFETIME_SPEND, ONE_PER_10000, pendingDays, expiry, TierRetention.IMMEDIATE);
    }

    private AccountEvent.OrderPlaced order(String orderId, long amount, String at) {
        return new AccountEvent.OrderPlaced("e-" + (++events), "c-1", orderId, amount, instant(at));
    }

    private AccountEvent.OrderReturned returnOf(String returnId, String orderId, long amount, String at) {
        return new AccountEvent.OrderReturned("e-" + (++events), "c-1", returnId, orderId, amount, instant(at));
    }

    private static AccountEvent.PointsRedeemed redemption(String id, long points) {
        return new AccountEvent.PointsRedeemed(id, "c-1", points, null, null);
    }

    private static AccountEvent.PointsAdjusted adjustment(String id, long points, String note) {
        return new AccountEvent.PointsAdjusted(id, "c-1", points, note, null, "dev-admin");
    }

    private AccountEvent.TimePassed timePassed() {
        return new AccountEvent.TimePassed("due:" + (++events), "c-1", null);
    }

    private static Instant instant(String text) {
        return Instant.parse(text);
    }
}
