package dev.loyalty.engine.domain;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;

/**
 * When a lot of points expires (contract "Point lifecycle"): never, {@code AFTER_DAYS} N calendar days after it was
 * earned, or {@code END_OF_MONTH_AFTER_MONTHS} at the end of the Nth month after the month it was earned in (0: the end
 * of its own month, the instant the next month starts), in the program's time zone.
 */
public record PointsExpiry(Mode mode, int value) {

    public enum Mode { NONE, AFTER_DAYS, END_OF_MONTH_AFTER_MONTHS }

    public static final PointsExpiry NONE = new PointsExpiry(Mode.NONE, 0);

    public PointsExpiry {
        java.util.Objects.requireNonNull(mode, "mode");
        if (mode == Mode.AFTER_DAYS && (value < 1 || value > 36_500)) {
            throw new IllegalArgumentException("AFTER_DAYS takes 1 to 36500 days");
        }
        if (mode == Mode.END_OF_MONTH_AFTER_MONTHS && (value < 0 || value > 1_200)) {
            throw new IllegalArgumentException("END_OF_MONTH_AFTER_MONTHS takes 0 to 1200 months");
        }
        if (mode == Mode.NONE) {
            value = 0;
        }
    }

    /** The expiry of points earned at {@code earnedAt}; null: they never expire. */
    public Instant expiryOf(Instant earnedAt, ZoneId zone) {
        return switch (mode) {
            case NONE -> null;
            case AFTER_DAYS -> earnedAt.atZone(zone).plusDays(value).toInstant();
            case END_OF_MONTH_AFTER_MONTHS -> YearMonth.from(earnedAt.atZone(zone)).plusMonths(value + 1L)
                    .atDay(1).atStartOfDay(zone).toInstant();
        };
    }
}
