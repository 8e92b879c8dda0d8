package dev.loyalty.engine.domain;

import java.util.Objects;

/**
 * A membership tier. Money in minor units. Without {@code maxSpend} a tier reaches up to the next
 * active tier's {@code minSpend} (the top tier has no upper end).
 *
 * @param minPointBalance points the customer must keep: only the balance above it can be redeemed
 */
public record Tier(String code, String name, long minSpend, Long maxSpend, EarnRate earnRate, long minPointBalance,
                   boolean active) {

    public Tier {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(earnRate, "earnRate");
        if (minSpend < 0) {
            throw new IllegalArgumentException("minSpend must not be negative");
        }
        if (maxSpend != null && maxSpend <= minSpend) {
            throw new IllegalArgumentException("maxSpend must be greater than minSpend");
        }
        if (minPointBalance < 0) {
            throw new IllegalArgumentException("minPointBalance must not be negative");
        }
    }
}
