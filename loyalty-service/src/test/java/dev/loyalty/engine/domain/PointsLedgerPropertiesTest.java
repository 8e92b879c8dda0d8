package dev.loyalty.engine.domain;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the points ledger over random interleavings of orders, partial returns and
 * redemptions, under tiers with different rates and a locked minimum.
 */
class PointsLedgerPropertiesTest {

    private static final Instant AT = Instant.parse("2026-11-24T03:00:00Z");
    private static final TierPolicy TIERS = TierPolicy.of(List.of(
            new Tier("SILVER", "Silver", 500_000, null, new EarnRate(10_000, 2), 0, true),
            new Tier("GOLD", "Gold", 2_000_000, null, new EarnRate(7_000, 3), 20, true)));

    /** One step: 0 = order, 1 = return of an earlier order, 2 = redemption; amounts and picks are random. */
    record Step(int kind, long amount, int pick) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.longs().between(1, 3_000_000),
                Arbitraries.integers().between(0, 1_000)).as(Step::new).list().ofMaxSize(60);
    }

    @Property(tries = 300)
    void theBalanceIsAlwaysEarnedMinusReversedMinusRedeemed(@ForAll("steps") List<Step> steps) {
        Run run = play(steps);

        long earned = run.changes.stream().filter(c -> c.reason() == ChangeReason.ORDER || c.reason() == ChangeReason.RETURN)
                .mapToLong(AccountChange.PointsChange::delta).sum();
        long redeemed = run.changes.stream().filter(c -> c.reason() == ChangeReason.REDEMPTION)
                .mapToLong(AccountChange.PointsChange::delta).sum();
        assertThat(run.account.pointsBalance()).isEqualTo(earned + redeemed);
        assertThat(run.account.pointsBalance()).isEqualTo(run.account.orders().values().stream().mapToLong(OrderRecord::points).sum()
                - run.account.redemptions().values().stream().mapToLong(RedemptionRecord::points).sum());
        for (OrderRecord order : run.account.orders().values()) {
            assertThat(order.points()).as("order %s keeps what its remaining amount earns at its rate", order.orderId())
                    .isEqualTo(order.rate().pointsFor(order.remaining()));
        }
        long sequence = 0;
        for (AccountChange.PointsChange change : run.changes) {
            assertThat(change.sequence()).isGreaterThan(sequence);
            sequence = change.sequence();
        }
    }

    @Property(tries = 300)
    void returningEveryOrderInFullRestoresTheInitialStateWhenNothingWasRedeemed(@ForAll("steps") List<Step> steps) {
        List<Step> withoutRedemptions = steps.stream().filter(s -> s.kind() != 2).toList();
        Run run = play(withoutRedemptions);
        CustomerAccount account = run.account;
        int n = 0;
        for (OrderRecord order : List.copyOf(account.orders().values())) {
            if (order.remaining() > 0) {
                account = account.apply(new AccountEvent.OrderReturned("full-" + n, "c-1", "full-" + n++, order.orderId(),
                        order.remaining(), AT), LoyaltyProgram.DEFAULT, TIERS, AT).account();
            }
        }

        assertThat(account.pointsBalance()).isZero();
        assertThat(account.lifetimeSpend()).isZero();
        assertThat(account.tier()).isNull();
        assertThat(account.redeemablePoints(TIERS, AT)).isZero();
    }

    private static Run play(List<Step> steps) {
        CustomerAccount account = CustomerAccount.newCustomer("c-1");
        List<AccountChange.PointsChange> changes = new ArrayList<>();
        int events = 0;
        for (Step step : steps) {
            String eventId = "e-" + events++;
            AccountEvent event;
            if (step.kind() == 0 || account.orders().isEmpty()) {
                event = new AccountEvent.OrderPlaced(eventId, "c-1", "o-" + eventId, step.amount(), AT);
            } else if (step.kind() == 1) {
                List<OrderRecord> open = account.orders().values().stream().filter(o -> o.remaining() > 0).toList();
                if (open.isEmpty()) {
                    continue;
                }
                OrderRecord order = open.get(step.pick() % open.size());
                long amount = 1 + step.amount() % order.remaining();
                event = new AccountEvent.OrderReturned(eventId, "c-1", "r-" + eventId, order.orderId(), amount, AT);
            } else {
                long redeemable = account.redeemablePoints(TIERS, AT);
                if (redeemable == 0) {
                    continue;
                }
                event = new AccountEvent.PointsRedeemed(eventId, "c-1", 1 + step.amount() % redeemable, null, AT);
            }
            CustomerAccount.Applied applied = account.apply(event, LoyaltyProgram.DEFAULT, TIERS, AT);
            applied.changes().stream().filter(AccountChange.PointsChange.class::isInstance)
                    .map(AccountChange.PointsChange.class::cast).forEach(changes::add);
            account = applied.account();
        }
        return new Run(account, changes);
    }

    private record Run(CustomerAccount account, List<AccountChange.PointsChange> changes) {
    }
}
