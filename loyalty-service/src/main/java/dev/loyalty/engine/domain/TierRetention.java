package dev.loyalty.engine.domain;

import java.time.Instant;
import java.time.ZoneId;

/**
 * What happens when the qualifying value falls below the tier held (contract "Tier lifecycle"): {@code IMMEDIATE}
 * demotion (the default, the Nhanh.vn example), or {@code GRACE_DAYS}: the tier is kept N calendar days from the
 * drop ({@code keptUntil}), then the customer moves to the tier they then qualify for.
 */
public record TierRetention(Mode mode, int days) {

    public enum Mode { IMMEDIATE, GRACE_DAYS }

    public static final TierRetention IMMEDIATE = new TierRetention(Mode.IMMEDIATE, 0);

    public TierRetention {
        java.util.Objects.requireNonNull(mode, "mode");
        if (mode == Mode.GRACE_DAYS && (days < 1 || days > 36_500)) {
            throw new IllegalArgumentException("GRACE_DAYS takes 1 to 36500 days");
        }
        if (mode == Mode.IMMEDIATE) {
            days = 0;
        }
    }

    /** Until when a tier is kept after a drop at {@code droppedAt}. */
    public Instant keptUntil(Instant droppedAt, ZoneId zone) {
        return droppedAt.atZone(zone).plusDays(days).toInstant();
    }
}
