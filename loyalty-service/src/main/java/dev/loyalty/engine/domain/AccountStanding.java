package dev.loyalty.engine.domain;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;

/**
 * Where a customer stands: tier, balances and spend, without the history behind them (orders,
 * redemptions, applied event ids). It is what a checkout lookup shows, and it can be read without the
 * history, whose size grows with every order the customer ever placed.
 *
 * @param evaluatedThrough the month current at the account's last evaluation (boundaries up to it are applied)
 * @param revision the stored revision it was read at
 */
public record AccountStanding(String customerId, String tier, long pointsBalance, long lifetimeSpend,
                              Map<YearMonth, Long> monthlySpend, Instant firstPurchaseAt, YearMonth evaluatedThrough, long revision,
                              Instant updatedAt) {

    public AccountStanding {
        monthlySpend = Map.copyOf(monthlySpend);
    }

    /** The value the program's criterion compares with each tier's {@code minSpend}, at {@code now} (contract "Now"). */
    public long qualifyingSpend(LoyaltyProgram program, Instant now) {
        return QualifyingSpend.of(program, lifetimeSpend, monthlySpend, firstPurchaseAt, now);
    }

    /**
     * The tier held at {@code now}: the stored one, or, when a month boundary has passed that the month sweep has not
     * applied to this account yet, the one that boundary gives (the same rule as the rollover, without a write).
     */
    public String tierAt(LoyaltyProgram program, TierPolicy policy, Instant now) {
        boolean boundaryPending = evaluatedThrough != null && YearMonth.from(now.atZone(program.timeZone())).isAfter(evaluatedThrough);
        if (!boundaryPending || program.tierCriterion() == TierCriterion.LIFETIME_SPEND) {
            return tier;
        }
        return policy.tierFor(qualifyingSpend(program, now)).map(Tier::code).orElse(null);
    }

    /** See {@link TierPolicy#redeemable}; under the tier held at {@code now}. */
    public long redeemablePoints(LoyaltyProgram program, TierPolicy policy, Instant now) {
        return policy.redeemable(tierAt(program, policy, now), pointsBalance);
    }
}
