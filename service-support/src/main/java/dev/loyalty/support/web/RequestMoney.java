package dev.loyalty.support.web;

import dev.loyalty.support.ApiProblem;
import dev.loyalty.support.InputBounds;
import dev.loyalty.support.value.Money;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;

/**
 * A money field of a request, from major units to {@link Money}: the currency's decimals and
 * {@code loyalty.max-amount} checked, a refusal named by its field (400).
 */
public final class RequestMoney {

    private RequestMoney() {
    }

    /** A positive amount (an order, a return). */
    public static Money amount(String field, BigDecimal major, Currency currency, InputBounds bounds) {
        try {
            return Money.ofMajor(major, currency, bounds.maxAmount());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.validation(List.of(new ApiProblem.FieldError(field, e.getMessage())));
        }
    }

    /** A spend, which may be 0 (an imported lifetime spend, a tier's minimum). */
    public static Money spend(String field, BigDecimal major, Currency currency, InputBounds bounds) {
        try {
            return Money.ofMajorOrZero(major, currency, bounds.maxAmount());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.validation(List.of(new ApiProblem.FieldError(field, e.getMessage())));
        }
    }
}
