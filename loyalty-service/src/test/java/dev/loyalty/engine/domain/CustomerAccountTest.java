package dev.loyalty.engine.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CustomerAccountTest {

    private static final Instant NOW = Instant.parse("2026-11-24T03:00:00Z");
    private final LoyaltyProgram program = LoyaltyProgram.DEFAULT;

    @Test
    void anOrderAddsItsAmountToSpendAndEarnsOnePointPerTenThousand() {
        CustomerAccount.Applied applied = CustomerAccount.newCustomer("c-1")
                .apply(order("e-1", 2_800_000), program, NOW);

        assertThat(applied.account().lifetimeSpend()).isEqualTo(2_800_000);
        assertThat(applied.account().pointsBalance()).isEqualTo(280);
        assertThat(applied.changes()).singleElement().isInstanceOfSatisfying(AccountChange.PointsChange.class, change -> {
            assertThat(change.delta()).isEqualTo(280);
            assertThat(change.balanceAfter()).isEqualTo(280);
            assertThat(change.sequence()).isEqualTo(1);
            assertThat(change.reason()).isEqualTo(ChangeReason.ORDER);
            assertThat(change.orderId()).isEqualTo("o-e-1");
        });
    }

    @Test
    void partialUnitsOfSpendEarnNothingAndAnOrderEarningZeroEmitsNoChange() {
        CustomerAccount.Applied applied = CustomerAccount.newCustomer("c-1").apply(order("e-1", 9_999), program, NOW);

        assertThat(applied.account().lifetimeSpend()).isEqualTo(9_999);
        assertThat(applied.account().pointsBalance()).isZero();
        assertThat(applied.changes()).isEmpty();
    }

    @Test
    void theSameEventAppliedTwiceCountsOnce() {
        CustomerAccount once = CustomerAccount.newCustomer("c-1").apply(order("e-1", 500_000), program, NOW).account();

        CustomerAccount.Applied again = once.apply(order("e-1", 500_000), program, NOW);

        assertThat(again.account()).isSameAs(once);
        assertThat(again.changes()).isEmpty();
    }

    @Test
    void changesAreNumberedInSequenceAndReEmittingACauseGivesTheSameChangeId() {
        CustomerAccount first = CustomerAccount.newCustomer("c-1").apply(order("e-1", 100_000), program, NOW).account();
        CustomerAccount.Applied second = first.apply(order("e-2", 100_000), program, NOW);
        CustomerAccount.Applied secondAgain = first.apply(order("e-2", 100_000), program, NOW);

        assertThat(second.changes().get(0).sequence()).isEqualTo(2);
        assertThat(second.changes().get(0).eventId()).isEqualTo(secondAgain.changes().get(0).eventId());
    }

    private static PlacedOrder order(String eventId, long amount) {
        return new PlacedOrder(eventId, "c-1", "o-" + eventId, amount, NOW);
    }
}
