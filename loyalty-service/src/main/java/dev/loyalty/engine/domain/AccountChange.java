package dev.loyalty.engine.domain;

import java.time.Instant;

/**
 * A change to one customer's account that the rest of the platform must hear about, numbered by
 * the customer's change sequence (1, 2, 3, ...) so the journal can order them and see gaps.
 * {@code eventId} is derived from the cause, so re-emitting the same change yields the same id.
 */
public sealed interface AccountChange {

    String eventId();

    String customerId();

    long sequence();

    ChangeReason reason();

    Instant occurredAt();

    String sourceEventId();

    String orderId();

    /** Who caused it (an API key's name, a token's subject) when an operator's write did; null for orders, returns, POS. */
    String actor();

    /** The operator's note, when one was given (adjustments, overrides). */
    String note();

    /** The balance moved by {@code delta} to {@code balanceAfter}; {@code tier} is the tier held after. */
    record PointsChange(String eventId, String customerId, long sequence, ChangeReason reason, Instant occurredAt,
                        String sourceEventId, String orderId, long delta, long balanceAfter, String tier, String actor, String note)
            implements AccountChange {

        public PointsChange(String eventId, String customerId, long sequence, ChangeReason reason, Instant occurredAt,
                            String sourceEventId, String orderId, long delta, long balanceAfter, String tier) {
            this(eventId, customerId, sequence, reason, occurredAt, sourceEventId, orderId, delta, balanceAfter, tier, null, null);
        }
    }

    /** The tier moved from {@code from} to {@code to} (null: none), placed by {@code qualifyingSpend}. */
    record TierChange(String eventId, String customerId, long sequence, ChangeReason reason, Instant occurredAt,
                      String sourceEventId, String orderId, String from, String to, boolean promoted,
                      long qualifyingSpend, long pointsBalance, String actor, String note)
            implements AccountChange {

        public TierChange(String eventId, String customerId, long sequence, ChangeReason reason, Instant occurredAt,
                          String sourceEventId, String orderId, String from, String to, boolean promoted,
                          long qualifyingSpend, long pointsBalance) {
            this(eventId, customerId, sequence, reason, occurredAt, sourceEventId, orderId, from, to, promoted, qualifyingSpend,
                    pointsBalance, null, null);
        }
    }
}
