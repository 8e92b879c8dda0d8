package dev.loyalty.engine.adapter.in.web;

import dev.loyalty.support.ApiProblem;
import dev.loyalty.support.InputBounds;
import dev.loyalty.support.value.Money;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;

/**
 * Money on the wire is in major units of the program currency; inside it is minor units ({@link Money} does the
 * conversion, this only names the field of a refusal among a request's other errors).
 */
final class Amounts {

    private Amounts() {
    }

    static BigDecimal toMajor(long minor, String currency) {
        return Money.toMajor(minor, Currency.getInstance(currency));
    }

    /** A spend or a rate's spend (0 allowed here; callers say when it must be positive), at most the bound. */
    static Long toMinor(BigDecimal major, String currency, String field, InputBounds bounds, List<ApiProblem.FieldError> errors) {
        if (major == null) {
            return null;
        }
        try {
            return Money.ofMajorOrZero(major, Currency.getInstance(currency), bounds.maxAmount()).minorUnits();
        } catch (IllegalArgumentException e) {
            errors.add(new ApiProblem.FieldError(field, e.getMessage()));
            return null;
        }
    }
}
