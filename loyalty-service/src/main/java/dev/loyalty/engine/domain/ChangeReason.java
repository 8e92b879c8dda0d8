package dev.loyalty.engine.domain;

/** Why a customer's points or tier changed (the journal's reason). */
public enum ChangeReason {
    ORDER, RETURN, REDEMPTION, OPENING_BALANCE, PERIOD_ROLLOVER, RECALCULATION,
    /** A lot's pending period ended: its points became redeemable. */
    PENDING_ENDED,
    /** A lot's remainder expired. */
    EXPIRY,
    /** An operator's manual adjustment of the balance. */
    ADJUSTMENT,
    /** A grace period ended: the customer moved to the tier then qualified for. */
    GRACE_ENDED,
    /** An operator's tier override was put, or ended. */
    MANUAL
}
