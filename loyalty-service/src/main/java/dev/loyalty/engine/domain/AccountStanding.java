package dev.loyalty.engine.domain;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;

/**
 * Where a customer stands: tier, points and spend, without the history behind them (orders, redemptions, applied
 * event ids). It is what a checkout lookup shows, as of the moment of the request.
 *
 * @param evaluatedThrough the month current at the account's last evaluation (boundaries up to it are applied)
 * @param revision         the stored revision it was read at
 */
public record AccountStanding(String customerId, TierStanding tierStanding, PointsLedger ledger, long lifetimeSpend,
                              Map<YearMonth, Long> monthlySpend, Instant firstPurchaseAt, YearMonth evaluatedThrough, long revision,
                              Instant updatedAt) {

    public AccountStanding {
        monthlySpend = Map.copyOf(monthlySpend);
    }

    public long pointsBalance() {
        return ledger.balance();
    }

    /** The value the program's criterion compares with each tier's {@code minSpend}, at {@code now} (contract "Now"). */
    public long qualifyingSpend(LoyaltyProgram program, Instant now) {
        return QualifyingSpend.of(program, lifetimeSpend, monthlySpend, firstPurchaseAt, now);
    }

    /**
     * The tier held at {@code now}: the stored standing, or, when something fell due that no sweep has applied yet (a
     * month boundary, a grace period's or an override's end), what it gives, by the same rules, without a write.
     */
    public TierStanding tierStandingAt(LoyaltyProgram program, TierPolicy policy, Instant now) {
        return pendingWork(program, now) ? caughtUp(program, policy, now).tierStanding() : tierStanding;
    }

    public String tierAt(LoyaltyProgram program, TierPolicy policy, Instant now) {
        return tierStandingAt(program, policy, now).held();
    }

    /** The ledger at {@code now}: lots that have expired since the last evaluation are gone. */
    public PointsLedger ledgerAt(LoyaltyProgram program, TierPolicy policy, Instant now) {
        return pendingWork(program, now) ? caughtUp(program, policy, now).ledger() : ledger;
    }

    /** See {@link TierPolicy#redeemable}: under the tier held at {@code now}, pending points excluded. */
    public long redeemablePoints(LoyaltyProgram program, TierPolicy policy, Instant now) {
        PointsLedger points = ledgerAt(program, policy, now);
        return policy.redeemable(tierAt(program, policy, now), points.balance() - points.pending(now));
    }

    private boolean pendingWork(LoyaltyProgram program, Instant now) {
        boolean boundary = evaluatedThrough != null && program.tierCriterion() != TierCriterion.LIFETIME_SPEND
                && YearMonth.from(now.atZone(program.timeZone())).isAfter(evaluatedThrough);
        Instant lots = ledger.nextDue();
        Instant tier = tierStanding.nextDue();
        return boundary || (lots != null && !lots.isAfter(now)) || (tier != null && !tier.isAfter(now));
    }

    /** The account's own catch-up, run on what a lookup read (nothing is stored). */
    private CustomerAccount caughtUp(LoyaltyProgram program, TierPolicy policy, Instant now) {
        CustomerAccount account = new CustomerAccount(customerId, Map.of(), monthlySpend, lifetimeSpend, Map.of(), firstPurchaseAt,
                ledger, tierStanding, 0, java.util.List.of(), Map.of(), Map.of(), java.util.List.of(), evaluatedThrough, revision, updatedAt);
        return account.apply(new AccountEvent.TimePassed("view", customerId, now), program, policy, now).account();
    }
}
