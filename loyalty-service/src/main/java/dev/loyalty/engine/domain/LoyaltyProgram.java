package dev.loyalty.engine.domain;

import java.time.ZoneId;
import java.util.Objects;

/**
 * The program's settings. Until an operator saves one, {@link #DEFAULT} is in force (contract):
 * VND, Asia/Ho_Chi_Minh, lifetime spend, 1 point per 10,000, no pending days, no expiry, immediate demotion.
 *
 * @param pendingDays calendar days after an order's time before its points are redeemable (0: at once)
 */
public record LoyaltyProgram(String currency, ZoneId timeZone, TierCriterion tierCriterion, EarnRate defaultEarnRate,
                             int pendingDays, PointsExpiry pointsExpiry, TierRetention tierRetention) {

    public static final LoyaltyProgram DEFAULT = new LoyaltyProgram("VND", ZoneId.of("Asia/Ho_Chi_Minh"),
            TierCriterion.LIFETIME_SPEND, new EarnRate(10_000, 1));

    public LoyaltyProgram {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(tierCriterion, "tierCriterion");
        Objects.requireNonNull(defaultEarnRate, "defaultEarnRate");
        pointsExpiry = pointsExpiry == null ? PointsExpiry.NONE : pointsExpiry;
        tierRetention = tierRetention == null ? TierRetention.IMMEDIATE : tierRetention;
        if (pendingDays < 0 || pendingDays > 36_500) {
            throw new IllegalArgumentException("pendingDays takes 0 to 36500");
        }
    }

    /** A program with the lifecycle defaults (no pending days, no expiry, immediate demotion). */
    public LoyaltyProgram(String currency, ZoneId timeZone, TierCriterion tierCriterion, EarnRate defaultEarnRate) {
        this(currency, timeZone, tierCriterion, defaultEarnRate, 0, PointsExpiry.NONE, TierRetention.IMMEDIATE);
    }

    /** When points earned at {@code earnedAt} become redeemable; null when at once. */
    public java.time.Instant pendingUntil(java.time.Instant earnedAt) {
        return pendingDays == 0 ? null : earnedAt.atZone(timeZone).plusDays(pendingDays).toInstant();
    }

    public java.time.Instant expiryOf(java.time.Instant earnedAt) {
        return pointsExpiry.expiryOf(earnedAt, timeZone);
    }
}
