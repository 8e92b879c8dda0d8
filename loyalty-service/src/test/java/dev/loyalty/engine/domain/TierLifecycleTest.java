package dev.loyalty.engine.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract "Tier lifecycle": the computed tier, then retention (a grace period after a drop), then an operator's
 * override on top, in one place; points earn at the tier actually held. The Nhanh.vn tiers: Bronze from 2,000,000,
 * Gold from 3,100,000, Diamond from 10,000,000.
 */
class TierLifecycleTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final Tier BRONZE = new Tier("BRONZE", "Bronze", 2_000_000, 3_000_000L, new EarnRate(10_000, 1), 0, true);
    private static final Tier GOLD = new Tier("GOLD", "Gold", 3_100_000, 4_000_000L, new EarnRate(10_000, 2), 0, true);
    private static final Tier DIAMOND = new Tier("DIAMOND", "Diamond", 10_000_000, null, new EarnRate(10_000, 3), 100, true);
    private static final TierPolicy TIERS = TierPolicy.of(List.of(BRONZE, GOLD, DIAMOND));
    private static final LoyaltyProgram IMMEDIATE = program(TierRetention.IMMEDIATE);
    private static final LoyaltyProgram GRACE_30 = program(new TierRetention(TierRetention.Mode.GRACE_DAYS, 30));

    private CustomerAccount account = CustomerAccount.newCustomer("c-1");
    private int events;

    @Test
    void underGraceDaysAReturnBelowGoldKeepsGoldUntilThirtyDaysAfterItIsApplied() {
        goldByTheSeedExample(GRACE_30);

        CustomerAccount.Applied returned = at(GRACE_30, "2026-11-25T03:00:00Z", returnOf("r-1", "o-2", 500_000));

        assertThat(returned.changes()).noneMatch(AccountChange.TierChange.class::isInstance);
        assertThat(account.tier()).isEqualTo("GOLD");
        assertThat(account.tierStanding().keptUntil()).as("30 days from when the drop applied").isEqualTo(instant("2026-12-25T03:00:00Z"));
    }

    @Test
    void underImmediateTheReturnBringsTheCustomerBackToBronzeAsToday() {
        goldByTheSeedExample(IMMEDIATE);

        at(IMMEDIATE, "2026-11-25T03:00:00Z", returnOf("r-1", "o-2", 500_000));

        assertThat(account.tier()).isEqualTo("BRONZE");
        assertThat(account.tierStanding().keptUntil()).isNull();
    }

    @Test
    void qualifyingAgainDuringGraceClearsKeptUntilWithoutAJournalEntry() {
        goldByTheSeedExample(GRACE_30);
        at(GRACE_30, "2026-11-25T03:00:00Z", returnOf("r-1", "o-2", 500_000));

        CustomerAccount.Applied again = at(GRACE_30, "2026-11-26T03:00:00Z", order("o-3", 400_000, "2026-11-26T03:00:00Z"));

        assertThat(again.changes()).noneMatch(AccountChange.TierChange.class::isInstance);
        assertThat(account.tierStanding().keptUntil()).isNull();
        assertThat(account.nextDue()).isNull();
    }

    @Test
    void aFurtherDropDuringGraceDoesNotRestartIt() {
        goldByTheSeedExample(GRACE_30);
        at(GRACE_30, "2026-11-25T03:00:00Z", returnOf("r-1", "o-2", 500_000));
        at(GRACE_30, "2026-12-01T03:00:00Z", returnOf("r-2", "o-1", 1_000_000));

        assertThat(account.tierStanding().keptUntil()).isEqualTo(instant("2026-12-25T03:00:00Z"));
    }

    @Test
    void atKeptUntilTheCustomerMovesToTheTierThenQualifiedForWithoutAnyEvent() {
        goldByTheSeedExample(GRACE_30);
        at(GRACE_30, "2026-11-25T03:00:00Z", returnOf("r-1", "o-2", 500_000));
        at(GRACE_30, "2026-12-01T03:00:00Z", returnOf("r-2", "o-1", 1_000_000)); // 1,800,000: below Bronze too

        CustomerAccount.Applied ended = at(GRACE_30, "2026-12-26T00:00:00Z", timePassed());

        assertThat(ended.changes()).singleElement().isInstanceOfSatisfying(AccountChange.TierChange.class, c -> {
            assertThat(c.reason()).isEqualTo(ChangeReason.GRACE_ENDED);
            assertThat(c.from()).isEqualTo("GOLD");
            assertThat(c.to()).as("the tier then qualified for: none").isNull();
            assertThat(c.occurredAt()).isEqualTo(instant("2026-12-25T03:00:00Z"));
        });
        assertThat(at(GRACE_30, "2026-12-27T00:00:00Z", timePassed()).changes()).as("once").isEmpty();
    }

    @Test
    void switchingTheProgramToImmediateEndsAGraceAtTheNextEvaluation() {
        goldByTheSeedExample(GRACE_30);
        at(GRACE_30, "2026-11-25T03:00:00Z", returnOf("r-1", "o-2", 500_000));

        at(IMMEDIATE, "2026-11-26T03:00:00Z", order("o-3", 10_000, "2026-11-26T03:00:00Z"));

        assertThat(account.tier()).isEqualTo("BRONZE");
        assertThat(account.tierStanding().keptUntil()).isNull();
    }

    @Test
    void aFloorOverrideRaisesALowerTierAndLeavesAHigherOneAndPointsEarnAtTheTierHeld() {
        at(IMMEDIATE, "2026-11-20T03:00:00Z", order("o-1", 2_800_000, "2026-11-20T03:00:00Z")); // Bronze
        CustomerAccount.Applied put = at(IMMEDIATE, "2026-11-21T03:00:00Z", override("GOLD", TierOverride.Mode.FLOOR, null));
        assertThat(put.changes()).singleElement().isInstanceOfSatisfying(AccountChange.TierChange.class, c -> {
            assertThat(c.reason()).isEqualTo(ChangeReason.MANUAL);
            assertThat(c.to()).isEqualTo("GOLD");
            assertThat(c.actor()).isEqualTo("dev-admin");
            assertThat(c.note()).isEqualTo("VIP");
        });
        CustomerAccount.Applied earned = at(IMMEDIATE, "2026-11-22T03:00:00Z", order("o-2", 100_000, "2026-11-22T03:00:00Z"));
        assertThat(earned.changes()).filteredOn(AccountChange.PointsChange.class::isInstance).singleElement()
                .satisfies(c -> assertThat(((AccountChange.PointsChange) c).delta()).as("Gold's rate").isEqualTo(20));

        at(IMMEDIATE, "2026-11-23T03:00:00Z", order("o-3", 8_000_000, "2026-11-23T03:00:00Z")); // computed Diamond
        assertThat(account.tier()).as("a floor, not a ceiling").isEqualTo("DIAMOND");
    }

    @Test
    void aFixedOverrideHoldsExactlyItsTier() {
        at(IMMEDIATE, "2026-11-20T03:00:00Z", order("o-1", 12_000_000, "2026-11-20T03:00:00Z")); // Diamond
        at(IMMEDIATE, "2026-11-21T03:00:00Z", override("BRONZE", TierOverride.Mode.FIXED, null));

        assertThat(account.tier()).isEqualTo("BRONZE");
        at(IMMEDIATE, "2026-11-22T03:00:00Z", order("o-2", 1_000_000, "2026-11-22T03:00:00Z"));
        assertThat(account.tier()).isEqualTo("BRONZE");
        assertThat(account.tierStanding().base()).as("the computed tier goes on underneath").isEqualTo("DIAMOND");
    }

    @Test
    void anOverrideWithUntilEndsByItselfJournalledWithItsPuttersActorAndNoteAndStartsNoGrace() {
        at(GRACE_30, "2026-11-20T03:00:00Z", order("o-1", 2_800_000, "2026-11-20T03:00:00Z")); // Bronze
        at(GRACE_30, "2026-11-21T03:00:00Z", override("GOLD", TierOverride.Mode.FLOOR, instant("2026-12-01T00:00:00Z")));

        CustomerAccount.Applied ended = at(GRACE_30, "2026-12-02T00:00:00Z", timePassed());

        assertThat(ended.changes()).singleElement().isInstanceOfSatisfying(AccountChange.TierChange.class, c -> {
            assertThat(c.reason()).isEqualTo(ChangeReason.MANUAL);
            assertThat(c.to()).isEqualTo("BRONZE");
            assertThat(c.occurredAt()).isEqualTo(instant("2026-12-01T00:00:00Z"));
            assertThat(c.actor()).isEqualTo("dev-admin");
            assertThat(c.note()).isEqualTo("VIP");
        });
        assertThat(account.tierStanding().keptUntil()).isNull();
        assertThat(account.tierStanding().override()).isNull();
    }

    @Test
    void aRecalculationRecomputesTheTierThenAppliesRetentionAndTheOverride() {
        at(GRACE_30, "2026-11-20T03:00:00Z", order("o-1", 3_300_000, "2026-11-20T03:00:00Z")); // Gold
        TierPolicy higherGold = TierPolicy.of(List.of(BRONZE, new Tier("GOLD", "Gold", 3_500_000, 4_000_000L, new EarnRate(10_000, 2), 0, true),
                DIAMOND));

        CustomerAccount.Applied recalculated = account.apply(new AccountEvent.Recalculated("recalc:1:c-1", "c-1",
                instant("2026-11-22T03:00:00Z"), true, false, null), GRACE_30, higherGold, instant("2026-11-22T03:00:00Z"));

        assertThat(recalculated.account().tier()).as("a drop by recalculation is kept too").isEqualTo("GOLD");
        assertThat(recalculated.account().tierStanding().keptUntil()).isEqualTo(instant("2026-12-22T03:00:00Z"));

        account = account.apply(override("DIAMOND", TierOverride.Mode.FIXED, null), GRACE_30, TIERS, instant("2026-11-21T03:00:00Z")).account();
        CustomerAccount.Applied underOverride = account.apply(new AccountEvent.Recalculated("recalc:2:c-1", "c-1",
                instant("2026-11-22T03:00:00Z"), true, true, null), GRACE_30, TIERS, instant("2026-11-22T03:00:00Z"));
        assertThat(underOverride.account().tier()).isEqualTo("DIAMOND");
        assertThat(underOverride.account().pointsBalance()).as("points at the tier held: Diamond's 3 per 10,000").isEqualTo(990);
    }

    /** Bronze at 2,800,000, then +500,000: Gold at once (the Nhanh.vn example). */
    private void goldByTheSeedExample(LoyaltyProgram program) {
        at(program, "2026-11-20T03:00:00Z", order("o-1", 2_800_000, "2026-11-20T03:00:00Z"));
        at(program, "2026-11-24T03:00:00Z", order("o-2", 500_000, "2026-11-24T03:00:00Z"));
        assertThat(account.tier()).isEqualTo("GOLD");
    }

    private CustomerAccount.Applied at(LoyaltyProgram program, String now, AccountEvent event) {
        CustomerAccount.Applied applied = account.apply(event, program, TIERS, instant(now));
        account = applied.account();
        return applied;
    }

    private static LoyaltyProgram program(TierRetention retention) {
        return new LoyaltyProgram("VND", ZONE, TierCriterion.LIFETIME_SPEND, new EarnRate(10_000, 1), 0, PointsExpiry.NONE, retention);
    }

    private AccountEvent.OrderPlaced order(String orderId, long amount, String at) {
        return new AccountEvent.OrderPlaced("e-" + (++events), "c-1", orderId, amount, instant(at));
    }

    private AccountEvent.OrderReturned returnOf(String returnId, String orderId, long amount) {
        return new AccountEvent.OrderReturned("e-" + (++events), "c-1", returnId, orderId, amount, instant("2026-11-25T03:00:00Z"));
    }

    private AccountEvent.TierOverridden override(String tier, TierOverride.Mode mode, Instant until) {
        return new AccountEvent.TierOverridden("override:" + (++events), "c-1", new TierOverride(tier, mode, until, "VIP", "dev-admin"),
                null, null, "dev-admin");
    }

    private AccountEvent.TimePassed timePassed() {
        return new AccountEvent.TimePassed("due:" + (++events), "c-1", null);
    }

    private static Instant instant(String text) {
        return Instant.parse(text);
    }
}
