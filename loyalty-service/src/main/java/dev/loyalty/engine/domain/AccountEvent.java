package dev.loyalty.engine.domain;

import java.time.Instant;

/** What can happen to an account. Amounts in minor units; times are event times. */
public sealed interface AccountEvent {

    String eventId();

    String customerId();

    Instant occurredAt();

    /** The operator whose write this is (recorded in the journal); null for orders, returns and the service's own work. */
    default String actor() {
        return null;
    }

    /** A sale. */
    record OrderPlaced(String eventId, String customerId, String orderId, long amount, Instant occurredAt)
            implements AccountEvent {
    }

    /** A full or partial return of an order. */
    record OrderReturned(String eventId, String customerId, String returnId, String orderId, long amount, Instant occurredAt)
            implements AccountEvent {
    }

    /** Lifetime spend imported from {@code source}, as of {@code occurredAt}; set, not added. */
    record OpeningBalanceImported(String eventId, String customerId, String source, long lifetimeSpend,
                                  Instant occurredAt, Instant firstPurchaseAt, String actor) implements AccountEvent {

        public OpeningBalanceImported(String eventId, String customerId, String source, long lifetimeSpend, Instant occurredAt,
                                      Instant firstPurchaseAt) {
            this(eventId, customerId, source, lifetimeSpend, occurredAt, firstPurchaseAt, null);
        }
    }

    /**
     * Points spent by the customer. Its event id is the redemption id in a namespace of its own, so a client's
     * redemption id can never equal the id of an order or any other event the account has applied.
     */
    record PointsRedeemed(String redemptionId, String customerId, long points, String orderId, Instant occurredAt, String actor)
            implements AccountEvent {

        public PointsRedeemed(String redemptionId, String customerId, long points, String orderId, Instant occurredAt) {
            this(redemptionId, customerId, points, orderId, occurredAt, null);
        }

        @Override
        public String eventId() {
            return "redemption:" + redemptionId;
        }
    }

    /**
     * Time passed (a sweep): whatever fell due since the account was last evaluated is applied at its own instant, as
     * any event applies it first: month boundaries, lots activating or expiring, a grace period or an override ending.
     * Its {@code eventId} is the same for every instance that sends it, so it applies once.
     */
    record TimePassed(String eventId, String customerId, Instant occurredAt) implements AccountEvent {
    }

    /**
     * An operator's manual adjustment ({@code points} may be negative), with a required note. Its event id is the
     * adjustment id in a namespace of its own.
     */
    record PointsAdjusted(String adjustmentId, String customerId, long points, String note, Instant occurredAt, String actor)
            implements AccountEvent {

        @Override
        public String eventId() {
            return "adjustment:" + adjustmentId;
        }
    }

    /**
     * An operator puts a tier override ({@code override}), or ends one ({@code override} null, with {@code note}).
     */
    record TierOverridden(String eventId, String customerId, TierOverride override, String note, Instant occurredAt, String actor)
            implements AccountEvent {
    }

    /**
     * Returns held longer than their orders may take to arrive are given up on: they leave the
     * account and go to the dead-letter topic. {@code occurredAt} is now; {@code heldBefore} the cutoff
     * (returns held before it, whatever their own date, are given up on).
     */
    record HeldReturnsExpired(String eventId, String customerId, Instant occurredAt, Instant heldBefore)
            implements AccountEvent {
    }

    /**
     * A recalculation reaches this customer (MISA "recalculate tier and points"): the tier and/or every
     * order's points are recomputed from what the account holds, under the tiers in force. Its
     * {@code eventId} follows from the job and the customer, so a re-sent request applies once.
     *
     * @param commonEarnRate one rate for everybody; null: each customer's (recomputed) tier rate
     */
    record Recalculated(String eventId, String customerId, Instant occurredAt, boolean tiers, boolean points,
                        EarnRate commonEarnRate, String actor) implements AccountEvent {

        public Recalculated(String eventId, String customerId, Instant occurredAt, boolean tiers, boolean points, EarnRate commonEarnRate) {
            this(eventId, customerId, occurredAt, tiers, points, commonEarnRate, null);
        }
    }
}
