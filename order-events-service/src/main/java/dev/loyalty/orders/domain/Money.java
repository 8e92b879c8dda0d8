package dev.loyalty.orders.domain;

import java.math.BigDecimal;
import java.util.Currency;

/** An amount in integer minor units of an ISO 4217 currency (2,800,000 VND is 2800000; 19.99 USD is 1999). */
public record Money(long minorUnits, Currency currency) {

    /**
     * The amount a client wrote in major units, checked by value (1000.0 is 1000): it must be
     * positive and need no more decimals than the currency has.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static Money ofMajor(BigDecimal major, Currency currency) {
        if (major.signum() <= 0) {
            throw new IllegalArgumentException("must be greater than 0");
        }
        return exactly(major, currency);
    }

    /** Like {@link #ofMajor} but 0 is allowed: an imported lifetime spend may be corrected to nothing. */
    public static Money ofMajorOrZero(BigDecimal major, Currency currency) {
        if (major.signum() < 0) {
            throw new IllegalArgumentException("must not be negative");
        }
        return exactly(major, currency);
    }

    private static Money exactly(BigDecimal major, Currency currency) {
        int digits = Math.max(currency.getDefaultFractionDigits(), 0);
        BigDecimal minor = major.movePointRight(digits);
        try {
            return new Money(minor.stripTrailingZeros().longValueExact(), currency);
        } catch (ArithmeticException e) {
            if (minor.stripTrailingZeros().scale() <= 0) {
                throw new IllegalArgumentException("is too large");
            }
            throw new IllegalArgumentException(digits == 0
                    ? currency.getCurrencyCode() + " amounts have no decimals"
                    : currency.getCurrencyCode() + " amounts have at most " + digits + " decimals");
        }
    }
}
