package dev.loyalty.engine.domain;

/** What a customer's tier is decided by (contract: "Criteria"). */
public enum TierCriterion {
    /** Opening balance + orders − returns, over all time. */
    LIFETIME_SPEND,
    /** max(net spend this calendar month, net spend last calendar month). */
    MONTHLY_SPEND,
    /** Lifetime net spend ÷ calendar months from the first purchase's month to this month, inclusive. */
    AVERAGE_MONTHLY_SPEND
}
