package dev.loyalty.engine.domain;

/**
 * Points earned per unit of spend: {@code points} for every whole {@code spend} (minor units).
 * The default program rate is 1 point per 10,000 VND.
 */
public record EarnRate(long spend, long points) {

    public EarnRate {
        if (spend <= 0) {
            throw new IllegalArgumentException("earn rate spend must be greater than 0");
        }
        if (points < 0) {
            throw new IllegalArgumentException("earn rate points must not be negative");
        }
    }

    /** {@code floor(amount / spend) * points}: partial units of spend earn nothing; exact (overflow throws). */
    public long pointsFor(long amount) {
        return Math.multiplyExact(Math.floorDiv(amount, spend), points);
    }
}
