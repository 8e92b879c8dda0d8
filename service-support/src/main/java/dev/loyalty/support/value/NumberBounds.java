package dev.loyalty.support.value;

import java.math.BigDecimal;

/**
 * Contract "Bounds on input": a number is judged by its value before anything scales it. More than
 * {@value #MAX_DIGITS} significant digits, or an order of magnitude outside ±{@value #MAX_MAGNITUDE}, is refused,
 * so no request costs more than microseconds because of its numbers ({@code 1e1000000} would otherwise be
 * expanded to a million digits by the first conversion to minor units).
 */
public final class NumberBounds {

    public static final int MAX_DIGITS = 30;
    public static final int MAX_MAGNITUDE = 30;
    public static final String RULE = "must have at most " + MAX_DIGITS + " significant digits and an exponent within ±"
            + MAX_MAGNITUDE;

    private NumberBounds() {
    }

    /**
     * Whether {@code value} is within the bounds. Cheap for any value a JSON parser can produce: trailing zeros are
     * stripped from the unscaled digits only (1E+1000000 is one digit with a scale, never a million digits).
     */
    public static boolean within(BigDecimal value) {
        if (value.signum() == 0) {
            return true;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        long magnitude = (long) stripped.precision() - stripped.scale() - 1;
        return stripped.precision() <= MAX_DIGITS && Math.abs(magnitude) <= MAX_MAGNITUDE;
    }
}
