package dev.loyalty.support;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.time.Instant;

/**
 * Contract "Bounds on input", the same in every service ({@code loyalty.*}): the largest amount or spend, the
 * earliest event time and how far past the receiving server's clock an event time may be. Read by each service's
 * request validation and by the loyalty consumer (a POS may publish to Kafka directly, bypassing HTTP).
 *
 * @param maxAmount    the largest {@code amount}, {@code lifetimeSpend}, {@code minSpend}, earn-rate spend, in minor
 *                     units, and the largest points of a redemption or an adjustment
 * @param earliestTime no event time before it (lower it to import older histories)
 * @param maxClockSkew how far after this server's clock an event time may be (tills' clocks drift)
 */
@ConfigurationProperties("loyalty")
public record InputBounds(
        @DefaultValue("1000000000000") long maxAmount,
        @DefaultValue("2000-01-01T00:00:00Z") Instant earliestTime,
        @DefaultValue("24h") Duration maxClockSkew) {

    public static final InputBounds DEFAULTS = new InputBounds(1_000_000_000_000L, Instant.parse("2000-01-01T00:00:00Z"),
            Duration.ofHours(24));

    public InputBounds {
        if (maxAmount <= 0) {
            throw new IllegalArgumentException("loyalty.max-amount must be greater than 0");
        }
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("loyalty.max-clock-skew must not be negative");
        }
    }

    /** What is wrong with an event time received at {@code now}, as a field message; null when it is within bounds. */
    public String timeProblem(Instant time, Instant now) {
        if (time.isBefore(earliestTime)) {
            return "must not be before " + earliestTime;
        }
        if (time.isAfter(now.plus(maxClockSkew))) {
            return "must not be more than " + maxClockSkew.toHours() + " h after the server's clock (" + now + ")";
        }
        return null;
    }

    /** What is wrong with an amount in minor units ({@code zeroAllowed}: a spend), as a field message; null when fine. */
    public String amountProblem(long minorUnits, boolean zeroAllowed) {
        if (minorUnits < 0 || (!zeroAllowed && minorUnits == 0)) {
            return zeroAllowed ? "must not be negative" : "must be greater than 0";
        }
        return minorUnits > maxAmount ? "must be at most " + maxAmount + " minor units" : null;
    }
}
