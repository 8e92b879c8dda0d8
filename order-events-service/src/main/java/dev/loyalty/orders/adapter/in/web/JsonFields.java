package dev.loyalty.orders.adapter.in.web;

import dev.loyalty.orders.domain.Money;
import dev.loyalty.support.ApiProblem;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the fields of a JSON request strictly, collecting every problem before answering, so a
 * client learns about all of its mistakes at once: no coercion ({@code "1000"} is not a number),
 * identifiers checked against the contract's pattern, times only with an offset, enums by name.
 */
final class JsonFields {

    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    static final String IDENTIFIER_RULE = "must be 1-64 characters of A-Z a-z 0-9 . _ : -";

    private final JsonNode body;
    private final String prefix;
    private final List<ApiProblem.FieldError> errors;

    private JsonFields(JsonNode body, String prefix, List<ApiProblem.FieldError> errors) {
        this.body = body;
        this.prefix = prefix;
        this.errors = errors;
    }

    /** The request body, which must be a JSON object. */
    static JsonFields of(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiProblem.validation(List.of(new ApiProblem.FieldError("body", "must be a JSON object")));
        }
        return new JsonFields(body, "", new ArrayList<>());
    }

    /** A nested object (e.g. {@code rows[3]}) whose errors are reported with that prefix, into a list of its own. */
    static JsonFields nested(JsonNode node, String path) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        if (node == null || !node.isObject()) {
            errors.add(new ApiProblem.FieldError(path, "must be a JSON object"));
        }
        return new JsonFields(node, path + ".", errors);
    }

    String identifier(String name) {
        String value = text(name, true);
        if (value != null && !IDENTIFIER.matcher(value).matches()) {
            return invalid(name, IDENTIFIER_RULE);
        }
        return value;
    }

    /** An identifier that may be absent or null (e.g. the customer of an anonymous sale). */
    String optionalIdentifier(String name) {
        String value = text(name, false);
        if (value != null && !IDENTIFIER.matcher(value).matches()) {
            return invalid(name, IDENTIFIER_RULE);
        }
        return value;
    }

    String text(String name, boolean required) {
        JsonNode node = node(name);
        if (node == null) {
            return required ? invalid(name, "is required") : null;
        }
        if (!node.isString()) {
            return invalid(name, "must be a string");
        }
        return node.stringValue();
    }

    /** A JSON number, as written (read as BigDecimal, so 19.99 stays 19.99). */
    BigDecimal number(String name) {
        JsonNode node = node(name);
        if (node == null) {
            return invalid(name, "is required");
        }
        if (!node.isNumber()) {
            return invalid(name, "must be a number");
        }
        return node.decimalValue();
    }

    Currency currency(String name) {
        String code = text(name, true);
        if (code == null) {
            return null;
        }
        try {
            if (code.length() == 3 && code.equals(code.toUpperCase())) {
                return Currency.getInstance(code);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        return invalid(name, "must be an ISO 4217 currency code such as VND");
    }

    /** A positive amount of the currency, with no more decimals than the currency has. */
    Money amount(String name, Currency currency, boolean zeroAllowed) {
        BigDecimal value = number(name);
        if (value == null || currency == null) {
            return null;
        }
        try {
            return zeroAllowed ? Money.ofMajorOrZero(value, currency) : Money.ofMajor(value, currency);
        } catch (IllegalArgumentException e) {
            return invalid(name, e.getMessage());
        }
    }

    Instant timestamp(String name, boolean required) {
        String value = text(name, required);
        return value == null ? null : parseTimestamp(name, value);
    }

    Instant parseTimestamp(String name, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return invalid(name, "must be an ISO-8601 time with offset, e.g. 2026-11-24T10:15:00+07:00");
        }
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type, E defaultValue) {
        String value = text(name, false);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            return invalid(name, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    JsonNode node(String name) {
        JsonNode node = body == null ? null : body.get(name);
        return node == null || node.isNull() ? null : node;
    }

    <T> T invalid(String name, String message) {
        errors.add(new ApiProblem.FieldError(prefix + name, message));
        return null;
    }

    boolean valid() {
        return errors.isEmpty();
    }

    List<ApiProblem.FieldError> errors() {
        return List.copyOf(errors);
    }

    /** @throws ApiProblem 400 naming every invalid field */
    void requireValid() {
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
    }
}
