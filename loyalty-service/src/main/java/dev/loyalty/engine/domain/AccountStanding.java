package dev.loyalty.engine.domain;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;

/**
 * Where a customer stands: tier, balances and spend, without the history behind them (orders,
 * redemptions, applied event ids). It is what a checkout lookup shows, and it can be read without the
 * history, whose size grows with every order the customer ever placed.
 *
 * @param clock    the latest event time applied: "now" for the monthly criteria
 * @param revision the stored revision it was read at
 */
public record AccountStanding(String customerId, String tier, long pointsBalance, long lifetimeSpend,
                              Map<YearMonth, Long> monthlySpend, Instant firstPurchaseAt, Instant clock, long revision,
                              Instant updatedAt) {

    public AccountStanding {
        monthlySpend = Map.copyOf(monthlySpend);
    }

    /** The value the program's criterion compares with each tier's {@code minSpend}, at the account's clock. */
    public long qualifyingSpend(LoyaltyProgram program) {
        return QualifyingSpend.of(program, lifetimeSpend, monthlySpend, firstPurchaseAt, clock == null ? Instant.EPOCH : clock);
    }

    /** See {@link TierPolicy#redeemable}. */
    public long redeemablePoints(TierPolicy policy) {
        return policy.redeemable(tier, pointsBalance);
    }
}
