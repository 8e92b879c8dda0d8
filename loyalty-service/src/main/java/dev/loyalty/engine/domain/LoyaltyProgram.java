package dev.loyalty.engine.domain;

import java.time.ZoneId;

/** The program's settings; until an operator saves one, {@link #DEFAULT} is in force (contract). */
public record LoyaltyProgram(String currency, ZoneId timeZone, EarnRate defaultEarnRate) {

    public static final LoyaltyProgram DEFAULT =
            new LoyaltyProgram("VND", ZoneId.of("Asia/Ho_Chi_Minh"), new EarnRate(10_000, 1));
}
