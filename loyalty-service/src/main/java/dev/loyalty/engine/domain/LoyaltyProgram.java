package dev.loyalty.engine.domain;

import java.time.ZoneId;
import java.util.Objects;

/**
 * The program's settings. Until an operator saves one, {@link #DEFAULT} is in force (contract):
 * VND, Asia/Ho_Chi_Minh, lifetime spend, 1 point per 10,000.
 */
public record LoyaltyProgram(String currency, ZoneId timeZone, TierCriterion tierCriterion, EarnRate defaultEarnRate) {

    public static final LoyaltyProgram DEFAULT = new LoyaltyProgram("VND", ZoneId.of("Asia/Ho_Chi_Minh"),
            TierCriterion.LIFETIME_SPEND, new EarnRate(10_000, 1));

    public LoyaltyProgram {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(tierCriterion, "tierCriterion");
        Objects.requireNonNull(defaultEarnRate, "defaultEarnRate");
    }
}
