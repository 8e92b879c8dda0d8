package dev.loyalty.engine.domain;

import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** The value a program's criterion compares with each tier's {@code minSpend} (contract: "Criteria"). */
final class QualifyingSpend {

    private QualifyingSpend() {
    }

    /**
     * @param lifetimeSpend opening balances + orders − returns
     * @param monthlySpend  net spend of counted orders by the order's month
     * @param at            "now" for the monthly criteria, in the program's time zone
     */
    static long of(LoyaltyProgram program, long lifetimeSpend, Map<YearMonth, Long> monthlySpend, Instant firstPurchaseAt,
                   Instant at) {
        YearMonth now = YearMonth.from(at.atZone(program.timeZone()));
        return switch (program.tierCriterion()) {
            case LIFETIME_SPEND -> lifetimeSpend;
            case MONTHLY_SPEND -> Math.max(monthlySpend.getOrDefault(now, 0L), monthlySpend.getOrDefault(now.minusMonths(1), 0L));
            case AVERAGE_MONTHLY_SPEND -> {
                if (firstPurchaseAt == null) {
                    yield 0;
                }
                long months = Math.max(1, ChronoUnit.MONTHS.between(YearMonth.from(firstPurchaseAt.atZone(program.timeZone())), now) + 1);
                yield Math.floorDiv(lifetimeSpend, months);
            }
        };
    }
}
