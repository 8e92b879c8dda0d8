package dev.loyalty.support.security;

/** The contract's roles ("Authentication and roles"). */
public enum Role {
    /** Orders and returns, customer lookups, redemptions: a till. */
    POS,
    /** Every GET of the three services: an analyst, a support desk. */
    VIEWER,
    /** Everything, including program, tiers, imports, recalculations, adjustments, overrides, metrics. */
    ADMIN,
    /** {@code GET /actuator/prometheus}: the scraper. */
    METRICS;

    /** Spring Security's authority for the role. */
    public String authority() {
        return "ROLE_" + name();
    }
}
