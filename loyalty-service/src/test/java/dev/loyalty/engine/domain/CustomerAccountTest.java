package dev.loyalty.engine.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules of spend, points and tiers, as the seeds and the contract state them. */
class CustomerAccountTest {

    private static final Instant NOV_24 = Instant.parse("2026-11-24T03:00:00Z");
    private static final LoyaltyProgram LIFETIME = LoyaltyProgram.DEFAULT;
    private static final Tier BRONZE = new Tier("BRONZE", "Bronze", 2_000_000, 3_000_000L, new EarnRate(10_000, 1), 0, true);
    private static final Tier GOLD = new Tier("GOLD", "Gold", 3_100_000, 4_000_000L, new EarnRate(10_000, 2), 0, true);
    private static final Tier DIAMOND = new Tier("DIAMOND", "Diamond", 10_000_000, null, new EarnRate(10_000, 3), 100, true);
    private static final TierPolicy SEED_TIERS = TierPolicy.of(List.of(BRONZE, GOLD, DIAMOND));

    private int events;

    @Test
    void aCustomerAt2800000InBronzeBuyingFor500000IsPromotedToGoldAtOnceAndTheReturnBringsThemBack() {
        CustomerAccount bronze = apply(CustomerAccount.newCustomer("c-1"), order("o-1", 2_800_000)).account();
        assertThat(bronze.tier()).isEqualTo("BRONZE");

        CustomerAccount.Applied purchase = apply(bronze, order("o-2", 500_000));

        assertThat(purchase.account().tier()).isEqualTo("GOLD");
        assertThat(tierChanges(purchase)).singleElement().satisfies(change -> {
            assertThat(change.from()).isEqualTo("BRONZE");
            assertThat(change.to()).isEqualTo("GOLD");
            assertThat(change.promoted()).isTrue();
            assertThat(change.qualifyingSpend()).isEqualTo(3_300_000);
        });

        CustomerAccount.Applied returned = apply(purchase.account(), returnOf("r-1", "o-2", 500_000));

        assertThat(returned.account().lifetimeSpend()).isEqualTo(2_800_000);
        assertThat(returned.account().tier()).isEqualTo("BRONZE");
        assertThat(tierChanges(returned)).singleElement().satisfies(change -> assertThat(change.promoted()).isFalse());
    }

    @Test
    void aDiamondWithALockOf100And150PointsCanSpend50AndNoMore() {
        CustomerAccount diamond = withPoints(apply(CustomerAccount.newCustomer("c-1"), order("o-1", 10_000_000)).account(), 150);
        assertThat(diamond.tier()).isEqualTo("DIAMOND");
        assertThat(diamond.redeemablePoints(SEED_TIERS, NOV_24)).isEqualTo(50);

        assertThatThrownBy(() -> apply(diamond, redemption("red-1", 51))).isInstanceOf(InsufficientPoints.class);
        CustomerAccount.Applied spent = apply(diamond, redemption("red-2", 50));

        assertThat(spent.account().pointsBalance()).isEqualTo(100);
        assertThat(spent.account().redeemablePoints(SEED_TIERS, NOV_24)).isZero();
        assertThat(pointsChanges(spent)).singleElement().satisfies(c -> {
            assertThat(c.delta()).isEqualTo(-50);
            assertThat(c.reason()).isEqualTo(ChangeReason.REDEMPTION);
        });
    }

    @Test
    void onePurchaseCanSkipTiersWithOneTierChange() {
        CustomerAccount.Applied applied = apply(CustomerAccount.newCustomer("c-1"), order("o-1", 12_000_000));

        assertThat(tierChanges(applied)).singleElement().satisfies(change -> {
            assertThat(change.from()).isNull();
            assertThat(change.to()).isEqualTo("DIAMOND");
        });
    }

    @Test
    void anOrderEarnsAtTheTierHeldBeforeItAndThePromotionAppliesFromTheNextOrder() {
        CustomerAccount.Applied first = apply(CustomerAccount.newCustomer("c-1"), order("o-1", 3_200_000));
        assertThat(first.account().pointsBalance()).as("default rate, no tier yet").isEqualTo(320);
        assertThat(first.account().tier()).isEqualTo("GOLD");

        CustomerAccount.Applied second = apply(first.account(), order("o-2", 100_000));

        assertThat(pointsChanges(second).get(0).delta()).as("Gold earns 2 per 10,000").isEqualTo(20);
    }

    @Test
    void manyPartialReturnsLeaveExactlyWhatTheRemainingAmountEarnsWithoutDrift() {
        CustomerAccount account = apply(CustomerAccount.newCustomer("c-1"), order("o-1", 95_000)).account();
        assertThat(account.pointsBalance()).isEqualTo(9);

        for (int i = 1; i <= 19; i++) {
            account = apply(account, returnOf("r-" + i, "o-1", 5_000)).account();
            long remaining = 95_000 - i * 5_000L;
            assertThat(account.pointsBalance()).as("after %d returns", i).isEqualTo(remaining / 10_000);
        }
        assertThat(account.pointsBalance()).isZero();
        assertThat(account.lifetimeSpend()).isZero();
    }

    @Test
    void aReturnOfMoreThanRemainsIsRefusedWhole() {
        CustomerAccount account = apply(CustomerAccount.newCustomer("c-1"), order("o-1", 100_000)).account();
        CustomerAccount partlyReturned = apply(account, returnOf("r-1", "o-1", 60_000)).account();

        assertThatThrownBy(() -> apply(partlyReturned, returnOf("r-2", "o-1", 40_001)))
                .isInstanceOf(RuleViolation.class).hasMessageContaining("exceeds what remains of order o-1 (40000)");
    }

    @Test
    void aReturnThatArrivesBeforeItsOrderIsHeldAndAppliedWhenTheOrderArrives() {
        CustomerAccount.Applied held = apply(CustomerAccount.newCustomer("c-1"), returnOf("r-1", "o-1", 40_000));
        assertThat(held.changes()).isEmpty();
        assertThat(held.account().heldReturns()).hasSize(1);

        CustomerAccount.Applied ordered = apply(held.account(), order("o-1", 100_000));

        assertThat(ordered.account().heldReturns()).isEmpty();
        assertThat(ordered.account().lifetimeSpend()).isEqualTo(60_000);
        assertThat(ordered.account().pointsBalance()).isEqualTo(6);
        assertThat(pointsChanges(ordered)).extracting(AccountChange.PointsChange::delta).containsExactly(10L, -4L);
    }

    @Test
    void aHeldReturnLargerThanItsOrderIsRejectedWhenTheOrderArrivesAndTheOrderStillCounts() {
        CustomerAccount held = apply(CustomerAccount.newCustomer("c-1"), returnOf("r-1", "o-1", 400_000)).account();

        CustomerAccount.Applied ordered = apply(held, order("o-1", 100_000));

        assertThat(ordered.rejected()).singleElement().satisfies(r -> assertThat(r.reason()).contains("exceeds"));
        assertThat(ordered.account().lifetimeSpend()).isEqualTo(100_000);
        assertThat(ordered.account().heldReturns()).isEmpty();
    }

    @Test
    void theSameOrderOrReturnUnderAnotherEventIdChangesNothing() {
        CustomerAccount account = apply(CustomerAccount.newCustomer("c-1"), order("o-1", 100_000)).account();
        account = apply(account, returnOf("r-1", "o-1", 50_000)).account();

        assertThat(apply(account, order("o-1", 100_000)).stateChanged()).isFalse();
        assertThat(apply(account, returnOf("r-1", "o-1", 50_000)).stateChanged()).isFalse();
    }

    @Test
    void theSameEventAppliedTwiceCountsOnce() {
        AccountEvent.OrderPlaced order = order("o-1", 500_000);
        CustomerAccount once = apply(CustomerAccount.newCustomer("c-1"), order).account();

        CustomerAccount.Applied again = apply(once, order);

        assertThat(again.account()).isSameAs(once);
        assertThat(again.changes()).isEmpty();
    }

    @Test
    void theBalanceMayGoNegativeWhenSpentPointsAreReturned() {
        CustomerAccount account = apply(CustomerAccount.newCustomer("c-1"), order("o-1", 1_000_000)).account();
        account = apply(account, redemption("red-1", 100)).account();

        CustomerAccount.Applied returned = apply(account, returnOf("r-1", "o-1", 1_000_000));

        assertThat(returned.account().pointsBalance()).isEqualTo(-100);
        assertThat(returned.account().redeemablePoints(SEED_TIERS, NOV_24)).isZero();
    }

    @Test
    void monthlySpendIsTheBetterOfThisAndLastMonthAndAReturnCountsInItsOrdersMonth() {
        LoyaltyProgram monthly = new LoyaltyProgram("VND", ZoneId.of("Asia/Ho_Chi_Minh"), TierCriterion.MONTHLY_SPEND, new EarnRate(10_000, 1));
        CustomerAccount account = apply(CustomerAccount.newCustomer("c-1"), order("o-oct", 3_500_000, "2026-10-20T10:00:00Z"), monthly).account();
        account = apply(account, order("o-nov", 1_000_000, "2026-11-10T10:00:00Z"), monthly).account();
        assertThat(account.qualifyingSpend(monthly, NOV_24)).as("October still counts in November").isEqualTo(3_500_000);
        assertThat(account.tier()).isEqualTo("GOLD");

        CustomerAccount.Applied returned = apply(account, returnOf("r-1", "o-oct", 1_000_000, "2026-11-12T10:00:00Z"), monthly);

        assertThat(returned.account().monthlySpend()).containsEntry(java.time.YearMonth.of(2026, 10), 2_500_000L);
        assertThat(returned.account().qualifyingSpend(monthly, NOV_24)).isEqualTo(2_500_000);
        assertThat(returned.account().tier()).isEqualTo("BRONZE");
        assertThat(returned.account().qualifyingSpend(monthly, Instant.parse("2026-12-05T00:00:00Z")))
                .as("in December only November and December count").isEqualTo(1_000_000);
    }

    @Test
    void averageMonthlySpendDividesByCalendarMonthsSinceTheFirstPurchaseInclusive() {
        LoyaltyProgram average = new LoyaltyProgram("VND", ZoneId.of("Asia/Ho_Chi_Minh"), TierCriterion.AVERAGE_MONTHLY_SPEND, new EarnRate(10_000, 1));
        CustomerAccount account = apply(CustomerAccount.newCustomer("c-1"), order("o-1", 7_000_000, "2026-09-15T10:00:00Z"), average).account();
        account = apply(account, order("o-2", 2_000_001, "2026-11-15T10:00:00Z"), average).account();

        assertThat(account.qualifyingSpend(average, NOV_24)).as("9,000,001 over Sep, Oct, Nov, rounded down").isEqualTo(3_000_000);
        assertThat(account.tier()).as("3,000,000 is in Bronze's range").isEqualTo("BRONZE");
    }

    @Test
    void anOpeningBalanceIsSetNotAddedPerSourceAndPlacesTheCustomer() {
        CustomerAccount.Applied imported = apply(CustomerAccount.newCustomer("c-1"), openingBalance("misa", 3_200_000, "2026-11-01T00:00:00Z"));
        assertThat(imported.account().lifetimeSpend()).isEqualTo(3_200_000);
        assertThat(imported.account().pointsBalance()).as("earns no points by itself").isZero();
        assertThat(tierChanges(imported)).singleElement().satisfies(c -> assertThat(c.reason()).isEqualTo(ChangeReason.OPENING_BALANCE));

        CustomerAccount corrected = apply(imported.account(), openingBalance("misa", 2_500_000, "2026-11-01T00:00:00Z")).account();
        CustomerAccount twoSources = apply(corrected, openingBalance("kiotviet", 100_000, "2026-11-01T00:00:00Z")).account();

        assertThat(corrected.lifetimeSpend()).isEqualTo(2_500_000);
        assertThat(corrected.tier()).isEqualTo("BRONZE");
        assertThat(twoSources.lifetimeSpend()).isEqualTo(2_600_000);
    }

    @Test
    void ordersDatedBeforeTheOpeningBalanceAreInsideItWhicheverArrivesFirst() {
        CustomerAccount before = apply(CustomerAccount.newCustomer("c-1"), order("o-early", 1_000_000, "2026-10-15T00:00:00Z")).account();
        CustomerAccount imported = apply(before, openingBalance("misa", 5_000_000, "2026-11-01T00:00:00Z")).account();
        assertThat(imported.lifetimeSpend()).as("its spend is taken back out").isEqualTo(5_000_000);
        assertThat(imported.pointsBalance()).as("its points stay").isEqualTo(100);

        CustomerAccount.Applied late = apply(imported, order("o-late", 2_000_000, "2026-10-20T00:00:00Z"));
        assertThat(late.account().lifetimeSpend()).isEqualTo(5_000_000);
        assertThat(late.account().pointsBalance()).as("earns nothing").isEqualTo(100);

        CustomerAccount.Applied lateReturn = apply(late.account(), returnOf("r-1", "o-late", 500_000, "2026-11-20T00:00:00Z"));
        assertThat(lateReturn.account().lifetimeSpend()).as("its return still reduces spend").isEqualTo(4_500_000);
        assertThat(lateReturn.account().pointsBalance()).as("and reverses none").isEqualTo(100);
    }

    @Test
    void overlappingActiveTiersAreRefused() {
        Tier silver = new Tier("SILVER", "Silver", 2_500_000, null, new EarnRate(10_000, 1), 0, true);
        assertThatThrownBy(() -> SEED_TIERS.with(silver)).isInstanceOf(TierPolicy.TierOverlapException.class);
        assertThat(SEED_TIERS.with(new Tier("SILVER", "Silver", 2_500_000, null, new EarnRate(10_000, 1), 0, false)).tiers()).hasSize(4);
    }

    @Test
    void anOrderThatWouldOverflowTheSpendIsRefusedAloneAndTheNextOrderStillApplies() {
        CustomerAccount account = apply(CustomerAccount.newCustomer("c-1"), order("o-1", Long.MAX_VALUE / 2 + 1)).account();

        assertThatThrownBy(() -> apply(account, order("o-2", Long.MAX_VALUE / 2 + 1)))
                .isInstanceOf(RuleViolation.class).hasMessageContaining("beyond what an account can hold");

        CustomerAccount next = apply(account, order("o-3", 120_000)).account();
        assertThat(next.lifetimeSpend()).isEqualTo(Long.MAX_VALUE / 2 + 1 + 120_000);
        assertThat(next.pointsBalance()).isEqualTo(account.pointsBalance() + SEED_TIERS.earnRateOf(account.tier(), LIFETIME).pointsFor(120_000));
    }

    @Test
    void pointsThatWouldOverflowAreRefusedNotWrapped() {
        TierPolicy generous = TierPolicy.of(List.of());
        LoyaltyProgram program = new LoyaltyProgram("VND", LIFETIME.timeZone(), LIFETIME.tierCriterion(), new EarnRate(1, Long.MAX_VALUE / 2));
        assertThatThrownBy(() -> CustomerAccount.newCustomer("c-1").apply(order("o-1", 3), program, generous, NOV_24))
                .isInstanceOf(RuleViolation.class);
    }

    @Test
    void aRedemptionIdThatEqualsTheIdOfAnAppliedOrderEventIsARedemptionOfItsOwn() {
        CustomerAccount account = apply(CustomerAccount.newCustomer("c-1"), order("o-1", 1_000_000)).account();
        String orderEventId = account.recentEventIds().get(0);

        CustomerAccount.Applied redeemed = apply(account, redemption(orderEventId, 30));

        assertThat(redeemed.account().pointsBalance()).isEqualTo(70);
        assertThat(redeemed.account().redemptions()).containsKey(orderEventId);
    }

    private CustomerAccount.Applied apply(CustomerAccount account, AccountEvent event) {
        return apply(account, event, LIFETIME);
    }

    private CustomerAccount.Applied apply(CustomerAccount account, AccountEvent event, LoyaltyProgram program) {
        return account.apply(event, program, SEED_TIERS, NOV_24);
    }

    /** Brings the balance down to {@code points} by a redemption. */
    private CustomerAccount withPoints(CustomerAccount account, long points) {
        return apply(account, redemption("setup", account.pointsBalance() - points)).account();
    }

    private AccountEvent.OrderPlaced order(String orderId, long amount) {
        return order(orderId, amount, NOV_24.toString());
    }

    private AccountEvent.OrderPlaced order(String orderId, long amount, String at) {
        return new AccountEvent.OrderPlaced("e-" + (++events), "c-1", orderId, amount, Instant.parse(at));
    }

    private AccountEvent.OrderReturned returnOf(String returnId, String orderId, long amount) {
        return returnOf(returnId, orderId, amount, NOV_24.toString());
    }

    private AccountEvent.OrderReturned returnOf(String returnId, String orderId, long amount, String at) {
        return new AccountEvent.OrderReturned("e-" + (++events), "c-1", returnId, orderId, amount, Instant.parse(at));
    }

    private AccountEvent.OpeningBalanceImported openingBalance(String source, long spend, String asOf) {
        return new AccountEvent.OpeningBalanceImported("e-" + (++events), "c-1", source, spend, Instant.parse(asOf), null);
    }

    private static AccountEvent.PointsRedeemed redemption(String id, long points) {
        return new AccountEvent.PointsRedeemed(id, "c-1", points, null, NOV_24);
    }

    private static List<AccountChange.TierChange> tierChanges(CustomerAccount.Applied applied) {
        return applied.changes().stream().filter(AccountChange.TierChange.class::isInstance).map(AccountChange.TierChange.class::cast).toList();
    }

    private static List<AccountChange.PointsChange> pointsChanges(CustomerAccount.Applied applied) {
        return applied.changes().stream().filter(AccountChange.PointsChange.class::isInstance).map(AccountChange.PointsChange.class::cast).toList();
    }
}
