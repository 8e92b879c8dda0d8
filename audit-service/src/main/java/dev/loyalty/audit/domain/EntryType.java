package dev.loyalty.audit.domain;

/** What kind of change a journal entry records (contract). */
public enum EntryType {
    POINTS_EARNED, POINTS_REVERSED, POINTS_REDEEMED, POINTS_RECALCULATED, TIER_PROMOTED, TIER_DEMOTED
}
