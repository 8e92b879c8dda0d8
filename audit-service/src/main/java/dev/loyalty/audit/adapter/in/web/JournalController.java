package dev.loyalty.audit.adapter.in.web;

import dev.loyalty.audit.application.ReadJournal;
import dev.loyalty.audit.config.AuditProperties;
import dev.loyalty.audit.domain.EntryType;
import dev.loyalty.audit.domain.JournalEntry;
import dev.loyalty.audit.domain.JournalPage;
import dev.loyalty.audit.domain.JournalQuery;
import dev.loyalty.support.ApiProblem;
import dev.loyalty.support.web.Identifier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** {@code GET /api/v1/customers/{customerId}/journal}: a customer's journal, newest first. */
@RestController
class JournalController {

    private final ReadJournal readJournal;
    private final AuditProperties properties;

    JournalController(ReadJournal readJournal, AuditProperties properties) {
        this.readJournal = readJournal;
        this.properties = properties;
    }

    @GetMapping(path = "/api/v1/customers/{customerId}/journal", produces = {"application/json", "*/*"})
    JournalResponse journal(@PathVariable @Identifier String customerId,
                            @RequestParam(required = false) String from,
                            @RequestParam(required = false) String to,
                            @RequestParam(required = false) List<String> type,
                            @RequestParam(defaultValue = "0") String page,
                            @RequestParam(defaultValue = "50") String size) {
        JournalPage result = readJournal.page(query(customerId, from, to, type, page, size));
        return new JournalResponse(result.items().stream().map(JournalResponse.Entry::of).toList(),
                result.page(), result.size(), result.total(), result.complete());
    }

    /**
     * The same rows as CSV (RFC 4180, commons-csv), streamed: the whole journal (filters apply;
     * {@code page} and {@code size} do not), newest first, written chunk by chunk as it is read.
     */
    @GetMapping(path = "/api/v1/customers/{customerId}/journal", produces = "text/csv")
    ResponseEntity<StreamingResponseBody> journalCsv(@PathVariable @Identifier String customerId,
                                                     @RequestParam(required = false) String from,
                                                     @RequestParam(required = false) String to,
                                                     @RequestParam(required = false) List<String> type) {
        JournalQuery query = query(customerId, from, to, type, "0", "1");
        StreamingResponseBody body = out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            try (CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180.builder().setHeader(CSV_HEADER).get())) {
                readJournal.forEach(query, entry -> {
                    try {
                        csv.printRecord(entry.entryId(), entry.occurredAt(), entry.recordedAt(), entry.type(), entry.pointsDelta(),
                                entry.pointsBalance(), entry.tierBefore(), entry.tierAfter(), entry.reason(), entry.orderId(),
                                entry.sourceEventId(), entry.actor(), entry.note());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        };
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header("Content-Disposition", "attachment; filename=\"journal-" + customerId.replaceAll("[^A-Za-z0-9._-]", "_") + ".csv\"")
                .body(body);
    }

    static final String[] CSV_HEADER = {"entryId", "occurredAt", "recordedAt", "type", "pointsDelta", "pointsBalance",
            "tierBefore", "tierAfter", "reason", "orderId", "sourceEventId", "actor", "note"};

    private JournalQuery query(String customerId, String from, String to, List<String> type, String page, String size) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        Instant fromInstant = instant("from", from, errors);
        Instant toInstant = instant("to", to, errors);
        Set<EntryType> types = types(type, errors);
        int pageNumber = integer("page", page, 0, Integer.MAX_VALUE, errors);
        int pageSize = integer("size", size, 1, properties.maxPageSize(), errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        return new JournalQuery(customerId, fromInstant, toInstant, types, pageNumber, pageSize);
    }

    /** A filter time outside these years selects nothing a store can hold (and would not fit a BSON date). */
    private static final Instant FILTER_FROM = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant FILTER_TO = Instant.parse("9999-12-31T23:59:59Z");

    private static Instant instant(String name, String value, List<ApiProblem.FieldError> errors) {
        if (value == null) {
            return null;
        }
        try {
            Instant instant = OffsetDateTime.parse(value).toInstant();
            if (instant.isBefore(FILTER_FROM) || instant.isAfter(FILTER_TO)) {
                errors.add(new ApiProblem.FieldError(name, "must be between " + FILTER_FROM + " and " + FILTER_TO));
                return null;
            }
            return instant;
        } catch (DateTimeParseException e) {
            errors.add(new ApiProblem.FieldError(name, "must be an ISO-8601 time with offset, e.g. 2026-11-24T10:15:00+07:00"));
            return null;
        }
    }

    private static Set<EntryType> types(List<String> values, List<ApiProblem.FieldError> errors) {
        Set<EntryType> types = EnumSet.noneOf(EntryType.class);
        if (values != null) {
            for (String value : values) {
                try {
                    types.add(EntryType.valueOf(value));
                } catch (IllegalArgumentException e) {
                    errors.add(new ApiProblem.FieldError("type", "must be one of " + EnumSet.allOf(EntryType.class)));
                }
            }
        }
        return types;
    }

    private static int integer(String name, String value, int min, int max, List<ApiProblem.FieldError> errors) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new ApiProblem.FieldError(name, "must be a whole number from " + min + " to " + max));
        return min;
    }

    /** The contract's page shape. */
    record JournalResponse(List<Entry> items, int page, int size, long total, boolean complete) {

        record Entry(String entryId, Instant occurredAt, Instant recordedAt, String type, long pointsDelta,
                     long pointsBalance, String tierBefore, String tierAfter, String reason, String orderId,
                     String sourceEventId, String actor, String note) {

            static Entry of(JournalEntry e) {
                return new Entry(e.entryId(), e.occurredAt(), e.recordedAt(), e.type().name(), e.pointsDelta(),
                        e.pointsBalance(), e.tierBefore(), e.tierAfter(), e.reason().name(), e.orderId(), e.sourceEventId(),
                        e.actor(), e.note());
            }
        }
    }
}
