package dev.loyalty.support.value;

import java.math.BigDecimal;
import java.util.Currency;

/**
 * An amount in integer minor units of an ISO 4217 currency (2,800,000 VND is 2800000; 19.99 USD is 1999): the one
 * money type of the platform. On the wire money is a number in major units, judged by its value ({@code 1000.0}
 * is {@code 1000}); inside, it is always minor units with exact arithmetic.
 */
public record Money(long minorUnits, Currency currency) {

    /**
     * A positive amount a client wrote in major units, at most {@code maxMinorUnits}.
     *
     * @throws IllegalArgumentException saying what is wrong, as a field message ("must be greater than 0")
     */
    public static Money ofMajor(BigDecimal major, Currency currency, long maxMinorUnits) {
        requireWithinNumberBounds(major);
        if (major.signum() <= 0) {
            throw new IllegalArgumentException("must be greater than 0");
        }
        return exactly(major, currency, maxMinorUnits);
    }

    /** Like {@link #ofMajor} but 0 is allowed (an imported lifetime spend may be corrected to nothing). */
    public static Money ofMajorOrZero(BigDecimal major, Currency currency, long maxMinorUnits) {
        requireWithinNumberBounds(major);
        if (major.signum() < 0) {
            throw new IllegalArgumentException("must not be negative");
        }
        return exactly(major, currency, maxMinorUnits);
    }

    /** {@code minorUnits} of {@code currency} in major units, as the API shows them (2800000 VND, 19.99 USD). */
    public static BigDecimal toMajor(long minorUnits, Currency currency) {
        return BigDecimal.valueOf(minorUnits, fractionDigits(currency));
    }

    public BigDecimal toMajor() {
        return toMajor(minorUnits, currency);
    }

    private static void requireWithinNumberBounds(BigDecimal major) {
        if (!NumberBounds.within(major)) {
            throw new IllegalArgumentException(NumberBounds.RULE);
        }
    }

    private static Money exactly(BigDecimal major, Currency currency, long maxMinorUnits) {
        int digits = fractionDigits(currency);
        // within the number bounds, so scaling costs nothing
        BigDecimal minor = major.stripTrailingZeros().movePointRight(digits);
        if (minor.scale() > 0) {
            throw new IllegalArgumentException(digits == 0
                    ? currency.getCurrencyCode() + " amounts have no decimals"
                    : currency.getCurrencyCode() + " amounts have at most " + digits + " decimals");
        }
        if (minor.compareTo(BigDecimal.valueOf(maxMinorUnits)) > 0) {
            throw new IllegalArgumentException("must be at most " + toMajor(maxMinorUnits, currency).toPlainString());
        }
        return new Money(minor.longValueExact(), currency);
    }

    private static int fractionDigits(Currency currency) {
        return Math.max(currency.getDefaultFractionDigits(), 0);
    }
}
