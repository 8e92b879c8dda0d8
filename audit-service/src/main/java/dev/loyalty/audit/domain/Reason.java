package dev.loyalty.audit.domain;

/** What caused a change (contract). */
public enum Reason {
    ORDER, RETURN, REDEMPTION, OPENING_BALANCE, PERIOD_ROLLOVER, RECALCULATION,
    PENDING_ENDED, EXPIRY, ADJUSTMENT, GRACE_ENDED, MANUAL
}
