package dev.loyalty.engine.domain;

/** A redemption as answered, so the same redemption again gets the same answer. */
public record RedemptionRecord(String redemptionId, long points, String orderId, long balanceAfter, long redeemableAfter) {
}
