package dev.loyalty.engine.adapter.in.web;

import dev.loyalty.support.ApiProblem;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;

/** Money on the wire is in major units of the program currency; inside it is minor units. */
final class Amounts {

    private Amounts() {
    }

    static BigDecimal toMajor(long minor, String currency) {
        return BigDecimal.valueOf(minor, digits(currency));
    }

    static Long toMinor(BigDecimal major, String currency, String field, List<ApiProblem.FieldError> errors) {
        if (major == null) {
            return null;
        }
        try {
            return major.movePointRight(digits(currency)).longValueExact();
        } catch (ArithmeticException e) {
            errors.add(new ApiProblem.FieldError(field, "has more decimals than " + currency + " allows, or is too large"));
            return null;
        }
    }

    private static int digits(String currency) {
        return Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0);
    }
}
