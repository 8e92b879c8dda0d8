package dev.loyalty.engine.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * An operator's tier override (contract "Tier lifecycle"): {@code FLOOR} the customer holds at least {@code tier};
 * {@code FIXED} exactly {@code tier}; until {@code until} (null: until removed). The putter's actor and note are
 * recorded with every tier move it causes, also the one when it ends.
 */
public record TierOverride(String tier, Mode mode, Instant until, String note, String actor) {

    public enum Mode { FLOOR, FIXED }

    public TierOverride {
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(mode, "mode");
    }

    /** The same override as far as the customer is concerned (a PUT of it again changes nothing). */
    public boolean sameAs(TierOverride other) {
        return other != null && tier.equals(other.tier) && mode == other.mode && Objects.equals(until, other.until)
                && Objects.equals(note, other.note);
    }
}
