package dev.loyalty.audit.domain;

/** What kind of change a journal entry records (contract). */
public enum EntryType {
    POINTS_EARNED, POINTS_REVERSED, POINTS_REDEEMED, POINTS_RECALCULATED, TIER_PROMOTED, TIER_DEMOTED,
    /** A lot's pending period ended (points delta 0). */
    POINTS_ACTIVATED,
    /** A lot's remainder expired. */
    POINTS_EXPIRED,
    /** An operator adjusted the balance by hand. */
    POINTS_ADJUSTED
}
