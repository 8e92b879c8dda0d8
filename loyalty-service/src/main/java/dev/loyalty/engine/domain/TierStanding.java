package dev.loyalty.engine.domain;

import java.time.Instant;
import java.time.ZoneId;

/**
 * Which tier a customer holds, in one place (contract "Tier lifecycle"): the tier the criterion gives, kept through a
 * grace period after a drop ({@code keptUntil}) under {@code GRACE_DAYS}, then an operator's override on top
 * ({@code FLOOR}: at least it; {@code FIXED}: exactly it). Points earn at the tier held. Like every tier, it moves
 * only when the account is evaluated (an event, a boundary, a due instant), never by a tier edit alone.
 *
 * @param base      the criterion's tier after retention: what the customer holds without an override
 * @param held      the tier actually held
 * @param keptUntil while the qualifying value is below {@code base}: until when it is kept; null otherwise
 * @param override  an operator's override, or null
 */
public record TierStanding(String base, String held, Instant keptUntil, TierOverride override) {

    public static final TierStanding NONE = new TierStanding(null, null, null, null);

    /** A standing of a tier held without grace or override (documents written before the lifecycle). */
    public static TierStanding of(String tier) {
        return new TierStanding(tier, tier, null, null);
    }

    /**
     * After the criterion gave {@code computed} at {@code at}: promotions at once; a drop kept until {@code days}
     * after it under {@code GRACE_DAYS} (a further drop does not restart the period), qualifying again clears it;
     * under {@code IMMEDIATE} (also right after switching to it) the computed tier at once.
     */
    public TierStanding evaluated(String computed, TierPolicy policy, TierRetention retention, Instant at, ZoneId zone) {
        if (retention.mode() == TierRetention.Mode.IMMEDIATE || base == null || !policy.isPromotion(computed, base)) {
            return holding(computed, null, override, policy);
        }
        return holding(base, keptUntil != null ? keptUntil : retention.keptUntil(at, zone), override, policy);
    }

    /** The grace period is over: the customer moves to {@code computed}, the tier then qualified for. */
    public TierStanding graceEnded(String computed, TierPolicy policy) {
        return holding(computed, null, override, policy);
    }

    /** With {@code next} in place of the override (null: none); no grace starts when an override ends. */
    public TierStanding overridden(TierOverride next, TierPolicy policy) {
        return holding(base, keptUntil, next, policy);
    }

    /** The earliest instant something happens without any event: the grace period's end, the override's end. */
    public Instant nextDue() {
        Instant overrideEnds = override == null ? null : override.until();
        if (keptUntil == null) {
            return overrideEnds;
        }
        return overrideEnds == null || keptUntil.isBefore(overrideEnds) ? keptUntil : overrideEnds;
    }

    private static TierStanding holding(String base, Instant keptUntil, TierOverride override, TierPolicy policy) {
        String held;
        if (override == null) {
            held = base;
        } else if (override.mode() == TierOverride.Mode.FIXED) {
            held = override.tier();
        } else {
            held = policy.isPromotion(base, override.tier()) ? override.tier() : base;
        }
        return new TierStanding(base, held, keptUntil, override);
    }
}
