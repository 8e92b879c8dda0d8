package dev.loyalty.engine.domain;

import java.time.Instant;

/**
 * One lot of points: an order's (id: the order id), a positive adjustment's ({@code adjustment:<id>}), the opening
 * balance's ({@code opening-balance}).
 *
 * @param remaining    what is left of it (returns, spending and expiry take from it)
 * @param pendingUntil when it becomes redeemable; null: at once
 * @param expiresAt    when its remainder leaves the balance; null: never
 * @param activated    its activation has been dealt with (journalled, or it was never pending when it formed)
 */
public record PointLot(String id, long remaining, Instant earnedAt, Instant pendingUntil, Instant expiresAt, boolean activated) {

    public PointLot {
        if (remaining < 0) {
            throw new IllegalArgumentException("a lot cannot hold less than nothing");
        }
    }

    /** A lot of points earned at {@code now}'s rules: pending and expiring as the program says, judged at {@code now}. */
    public static PointLot earned(String id, long points, Instant earnedAt, Instant pendingUntil, Instant expiresAt, Instant now) {
        return new PointLot(id, points, earnedAt, pendingUntil, expiresAt, pendingUntil == null || !pendingUntil.isAfter(now));
    }

    /** Redeemable at once and forever. */
    static PointLot plain(String id, long points, Instant at) {
        return new PointLot(id, points, at, null, null, true);
    }

    /** Counted in the balance but not redeemable at {@code now}. */
    public boolean pendingAt(Instant now) {
        return remaining > 0 && pendingUntil != null && now.isBefore(pendingUntil);
    }

    /** The next instant something must be journalled for this lot: its activation, then its expiry; null if none. */
    public Instant nextDue() {
        if (remaining == 0) {
            return null;
        }
        boolean activationDue = !activated && pendingUntil != null && (expiresAt == null || pendingUntil.isBefore(expiresAt));
        return activationDue ? pendingUntil : expiresAt;
    }

    public PointLot withRemaining(long points) {
        return new PointLot(id, points, earnedAt, pendingUntil, expiresAt, activated);
    }

    public PointLot activatedNow() {
        return new PointLot(id, remaining, earnedAt, pendingUntil, expiresAt, true);
    }
}
