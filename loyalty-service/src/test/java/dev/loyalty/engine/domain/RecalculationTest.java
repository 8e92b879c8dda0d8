package dev.loyalty.engine.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The MISA recalculation of tiers and points, one customer at a time (contract: "Recalculation"). */
class RecalculationTest {

    private static final Instant AT = Instant.parse("2026-11-24T03:00:00Z");
    private static final Instant JOB = Instant.parse("2026-11-30T00:00:00Z");
    private static final Tier SILVER = new Tier("SILVER", "Silver", 1_000_000, null, new EarnRate(10_000, 2), 0, true);
    private static final Tier GOLD = new Tier("GOLD", "Gold", 5_000_000, null, new EarnRate(10_000, 3), 0, true);
    private static final TierPolicy NO_TIERS = TierPolicy.NONE;
    private static final TierPolicy TIERS = TierPolicy.of(List.of(SILVER, GOLD));

    @Test
    void afterTiersAreCreatedARecalculationPlacesTheCustomerAndRecomputesEveryOrderAtTheNewTiersRate() {
        CustomerAccount account = history(NO_TIERS); // 6,000,000 spent, 600 points at the default rate, 100 redeemed

        CustomerAccount.Applied recalculated = recalculate(account, true, true, null, TIERS);

        assertThat(recalculated.account().tier()).isEqualTo("GOLD");
        assertThat(recalculated.account().pointsBalance()).as("6,000,000 at 3 per 10,000, minus the 100 redeemed").isEqualTo(1_700);
        assertThat(recalculated.changes()).hasSize(2).allSatisfy(c -> assertThat(c.reason()).isEqualTo(ChangeReason.RECALCULATION));
        assertThat(recalculated.changes().get(1)).isInstanceOfSatisfying(AccountChange.PointsChange.class,
                c -> assertThat(c.delta()).isEqualTo(1_200));
    }

    @Test
    void aCommonEarnRateAppliesToEverybodyAndBecomesTheRateOfLaterReturns() {
        CustomerAccount account = history(TIERS);

        CustomerAccount recalculated = recalculate(account, true, true, new EarnRate(100_000, 1), TIERS).account();
        assertThat(recalculated.pointsBalance()).as("60 at the common rate, minus 100 redeemed").isEqualTo(-40);

        CustomerAccount afterReturn = recalculated.apply(new AccountEvent.OrderReturned("e-r", "c-1", "r-1", "o-1", 1_000_000, JOB),
                LoyaltyProgram.DEFAULT, TIERS, JOB).account();
        assertThat(afterReturn.pointsBalance()).as("the returned 1,000,000 takes back 10 at the common rate").isEqualTo(-50);
    }

    @Test
    void tiersOnlyMovesTheTierAndLeavesThePoints() {
        CustomerAccount account = history(NO_TIERS);

        CustomerAccount.Applied recalculated = recalculate(account, true, false, null, TIERS);

        assertThat(recalculated.account().tier()).isEqualTo("GOLD");
        assertThat(recalculated.account().pointsBalance()).isEqualTo(account.pointsBalance());
        assertThat(recalculated.changes()).singleElement().isInstanceOf(AccountChange.TierChange.class);
    }

    @Test
    void pointsOnlyRecomputesAtTheTierTheCustomerHolds() {
        CustomerAccount silver = history(TierPolicy.of(List.of(SILVER))); // SILVER since the first order

        CustomerAccount.Applied recalculated = recalculate(silver, false, true, null, TIERS);

        assertThat(recalculated.account().tier()).as("not re-evaluated").isEqualTo("SILVER");
        assertThat(recalculated.account().pointsBalance()).as("6,000,000 at 2 per 10,000 minus 100").isEqualTo(1_100);
    }

    @Test
    void redemptionsAreNeverUndoneAndASecondRunChangesNothing() {
        CustomerAccount once = recalculate(history(NO_TIERS), true, true, null, TIERS).account();

        CustomerAccount.Applied twice = recalculate(once, true, true, null, TIERS);

        assertThat(once.redemptions()).hasSize(1);
        assertThat(twice.changes()).isEmpty();
        assertThat(twice.stateChanged()).isFalse();
    }

    @Test
    void anOpeningBalanceEarnsItsPointsAtTheSameRateAndOrdersInsideItEarnNothing() {
        CustomerAccount account = CustomerAccount.newCustomer("c-1");
        account = account.apply(new AccountEvent.OrderPlaced("e-1", "c-1", "o-old", 1_000_000, Instant.parse("2026-10-01T00:00:00Z")),
                LoyaltyProgram.DEFAULT, NO_TIERS, AT).account();
        account = account.apply(new AccountEvent.OpeningBalanceImported("e-2", "c-1", "misa", 4_000_000,
                Instant.parse("2026-11-01T00:00:00Z"), null), LoyaltyProgram.DEFAULT, NO_TIERS, AT).account();
        assertThat(account.pointsBalance()).as("points earned before the import stay until a recalculation").isEqualTo(100);

        CustomerAccount recalculated = recalculate(account, true, true, null, TIERS).account();

        assertThat(recalculated.tier()).as("4,000,000 imported").isEqualTo("SILVER");
        assertThat(recalculated.pointsBalance()).as("4,000,000 at Silver's 2 per 10,000; the order inside the import earns 0").isEqualTo(800);
    }

    /** Orders of 1,000,000 and 5,000,000, then 100 points redeemed, under {@code policy}. */
    private static CustomerAccount history(TierPolicy policy) {
        CustomerAccount account = CustomerAccount.newCustomer("c-1");
        account = account.apply(new AccountEvent.OrderPlaced("e-1", "c-1", "o-1", 1_000_000, AT), LoyaltyProgram.DEFAULT, policy, AT).account();
        account = account.apply(new AccountEvent.OrderPlaced("e-2", "c-1", "o-2", 5_000_000, AT), LoyaltyProgram.DEFAULT, policy, AT).account();
        return account.apply(new AccountEvent.PointsRedeemed("red-1", "c-1", 100, null, AT), LoyaltyProgram.DEFAULT, policy, AT).account();
    }

    private static CustomerAccount.Applied recalculate(CustomerAccount account, boolean tiers, boolean points, EarnRate common,
                                                       TierPolicy policy) {
        return account.apply(new AccountEvent.Recalculated("recalc:job-1:" + account.revision() + ":" + account.lastSequence(),
                "c-1", JOB, tiers, points, common), LoyaltyProgram.DEFAULT, policy, JOB);
    }
}
