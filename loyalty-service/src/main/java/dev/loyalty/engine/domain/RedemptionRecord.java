package dev.loyalty.engine.domain;

import java.time.Instant;

/**
 * A redemption as answered, so the same redemption again gets the same answer.
 *
 * @param at when it was made (a recalculation spends again in this order); null for redemptions stored before
 */
public record RedemptionRecord(String redemptionId, long points, String orderId, long balanceAfter, long redeemableAfter, Instant at) {

    public RedemptionRecord(String redemptionId, long points, String orderId, long balanceAfter, long redeemableAfter) {
        this(redemptionId, points, orderId, balanceAfter, redeemableAfter, null);
    }
}
