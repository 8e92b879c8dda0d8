package dev.loyalty.orders.adapter.in.web;

import dev.loyalty.orders.application.ImportRow;
import dev.loyalty.orders.domain.OpeningBalance;
import dev.loyalty.support.ApiExceptionHandler;
import dev.loyalty.support.ApiProblem;
import dev.loyalty.support.InputBounds;
import dev.loyalty.support.value.Money;
import dev.loyalty.support.web.BoundedNumber;
import dev.loyalty.support.web.EventTime;
import dev.loyalty.support.web.Identifier;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;

/**
 * One row of an opening-balance import, JSON or CSV, judged alone by the same rules as any request (Jackson's
 * strict binding, Bean Validation, the money and time bounds): a bad row becomes a rejection with its reason and
 * never touches another row.
 */
final class ImportRowReader {

    /** A CSV number longer than this is refused unread (no row costs more than microseconds). */
    private static final int MAX_NUMBER_TEXT = 100;

    private final JsonMapper json;
    private final Validator validator;
    private final InputBounds bounds;
    private final Currency currency;
    private final String importedBy;

    /** @param importedBy the caller, recorded with every balance it imports */
    ImportRowReader(JsonMapper json, Validator validator, InputBounds bounds, Currency currency, String importedBy) {
        this.importedBy = importedBy;
        this.json = json;
        this.validator = validator;
        this.bounds = bounds;
        this.currency = currency;
    }

    /** The import's header: who sends it and as of when. */
    record Header(@NotNull @Identifier String importId, @NotNull @Identifier String source, @NotNull @EventTime OffsetDateTime asOf) {
    }

    record Row(@NotNull @Identifier String customerId, @NotNull @BoundedNumber BigDecimal lifetimeSpend,
               @EventTime OffsetDateTime firstPurchaseAt) {
    }

    /** @throws ApiProblem 400 naming every bad field of the header */
    Header header(Header header) {
        return header(header, List.of());
    }

    /** The CSV form of the header (query parameters): times are text. */
    Header header(String importId, String source, String asOf) {
        OffsetDateTime time = null;
        List<ApiProblem.FieldError> unreadable = new ArrayList<>();
        if (asOf != null) {
            try {
                time = OffsetDateTime.parse(asOf);
            } catch (DateTimeParseException e) {
                unreadable.add(new ApiProblem.FieldError("asOf", TIME_RULE));
            }
        }
        Header header = new Header(importId, source, time);
        return header(header, unreadable);
    }

    private Header header(Header header, List<ApiProblem.FieldError> unreadable) {
        List<ApiProblem.FieldError> errors = new ArrayList<>(unreadable);
        errorsOf(header).stream().filter(e -> unreadable.stream().noneMatch(u -> u.field().equals(e.field()))).forEach(errors::add);
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        return header;
    }

    ImportRow jsonRow(Header header, long line, JsonNode node) {
        if (node == null || !node.isObject()) {
            return new ImportRow.Rejected(line, null, "must be a JSON object");
        }
        Row row;
        try {
            row = json.treeToValue(node, Row.class);
        } catch (JacksonException e) {
            // the value that could not be bound is named; the customer id, if it is text, is judged beside it
            ApiProblem.FieldError error = ApiExceptionHandler.fieldError(e);
            JsonNode customer = node.get("customerId");
            String customerId = customer != null && customer.isString() ? customer.stringValue() : null;
            List<String> problems = new ArrayList<>();
            if (customerId != null && !"customerId".equals(error == null ? null : error.field())) {
                validator.validateValue(Row.class, "customerId", customerId).forEach(v -> problems.add("customerId " + v.getMessage()));
            }
            problems.add(error == null ? "is not a valid row" : error.field() + " " + error.message());
            return new ImportRow.Rejected(line, customerId, String.join("; ", problems));
        }
        return toRow(header, line, row);
    }

    ImportRow csvRow(Header header, long line, String customerId, String lifetimeSpend, String firstPurchaseAt) {
        List<String> problems = new ArrayList<>();
        BigDecimal spend = null;
        if (lifetimeSpend.length() > MAX_NUMBER_TEXT) {
            problems.add("lifetimeSpend " + "must be a number of at most " + MAX_NUMBER_TEXT + " characters");
        } else {
            try {
                spend = new BigDecimal(lifetimeSpend);
            } catch (NumberFormatException e) {
                problems.add("lifetimeSpend must be a number");
            }
        }
        OffsetDateTime first = null;
        if (firstPurchaseAt != null && !firstPurchaseAt.isEmpty()) {
            try {
                first = OffsetDateTime.parse(firstPurchaseAt);
            } catch (DateTimeParseException e) {
                problems.add("firstPurchaseAt " + TIME_RULE);
            }
        }
        if (!problems.isEmpty()) {
            return new ImportRow.Rejected(line, customerId, String.join("; ", problems));
        }
        return toRow(header, line, new Row(customerId, spend, first));
    }

    private ImportRow toRow(Header header, long line, Row row) {
        List<String> problems = new ArrayList<>(errorsOf(row).stream().map(e -> e.field() + " " + e.message()).toList());
        Money spend = null;
        if (problems.isEmpty()) {
            try {
                spend = Money.ofMajorOrZero(row.lifetimeSpend(), currency, bounds.maxAmount());
            } catch (IllegalArgumentException e) {
                problems.add("lifetimeSpend " + e.getMessage());
            }
            if (row.firstPurchaseAt() != null && row.firstPurchaseAt().isAfter(header.asOf())) {
                problems.add("firstPurchaseAt must not be after asOf");
            }
        }
        if (!problems.isEmpty()) {
            return new ImportRow.Rejected(line, row.customerId(), String.join("; ", problems));
        }
        Instant asOf = header.asOf().toInstant();
        return new ImportRow.Valid(new OpeningBalance(header.importId(), header.source(), asOf, line, row.customerId(), spend,
                row.firstPurchaseAt() == null ? asOf : row.firstPurchaseAt().toInstant(), importedBy));
    }

    private <T> List<ApiProblem.FieldError> errorsOf(T value) {
        return validator.validate(value).stream()
                .map((ConstraintViolation<T> v) -> new ApiProblem.FieldError(v.getPropertyPath().toString(), v.getMessage()))
                .sorted(Comparator.comparing(ApiProblem.FieldError::field)).toList();
    }

    static final String TIME_RULE = "must be an ISO-8601 time with offset, e.g. 2026-11-24T10:15:00+07:00";
}
