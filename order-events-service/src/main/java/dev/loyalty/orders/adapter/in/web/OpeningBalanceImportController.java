package dev.loyalty.orders.adapter.in.web;

import dev.loyalty.orders.application.ImportOpeningBalances;
import dev.loyalty.orders.application.ImportReport;
import dev.loyalty.orders.application.ImportRow;
import dev.loyalty.orders.config.OrderEventsProperties;
import dev.loyalty.orders.domain.Money;
import dev.loyalty.orders.domain.OpeningBalance;
import dev.loyalty.support.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * {@code POST /api/v1/imports/opening-balances}: a JSON body or a CSV file, read row by row. A CSV is
 * streamed from the request (commons-csv), so its size is bounded by nothing but time.
 */
@RestController
class OpeningBalanceImportController {

    static final List<String> CSV_HEADER = List.of("customerId", "lifetimeSpend", "firstPurchaseAt");
    static final String CSV_HEADER_RULE = "the first line must be customerId,lifetimeSpend or customerId,lifetimeSpend,firstPurchaseAt";

    private final ImportOpeningBalances importOpeningBalances;
    private final Currency programCurrency;

    OpeningBalanceImportController(ImportOpeningBalances importOpeningBalances, OrderEventsProperties properties) {
        this.importOpeningBalances = importOpeningBalances;
        this.programCurrency = Currency.getInstance(properties.programCurrency());
    }

    @PostMapping(path = "/api/v1/imports/opening-balances", consumes = "application/json")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Import lifetime spend per customer (JSON)",
            description = "One OpeningBalanceImported per valid row; bad rows are reported with their 1-based index and never reject the good ones.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = ApiSchemas.ImportRequest.class)))
    ImportResponse importJson(@RequestBody JsonNode body, HttpServletRequest request) {
        JsonFields fields = JsonFields.of(body);
        Header header = new Header(fields.identifier("importId"), fields.identifier("source"), fields.timestamp("asOf", true));
        JsonNode rows = fields.node("rows");
        if (rows == null || !rows.isArray()) {
            fields.invalid("rows", "must be an array of {customerId, lifetimeSpend, firstPurchaseAt?}");
        }
        fields.requireValid();
        Iterator<JsonNode> elements = rows.values().iterator();
        Iterator<ImportRow> parsed = new Iterator<>() {
            long index;

            @Override
            public boolean hasNext() {
                return elements.hasNext();
            }

            @Override
            public ImportRow next() {
                index++;
                return jsonRow(header, index, elements.next());
            }
        };
        return respond(importOpeningBalances.importRows(header.importId(), parsed), request);
    }

    @PostMapping(path = "/api/v1/imports/opening-balances", consumes = "text/csv")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Import lifetime spend per customer (CSV, streamed)",
            description = "Header customerId,lifetimeSpend[,firstPurchaseAt]; importId, asOf and source as query parameters. Rejections name the line (the header is line 1).")
    ImportResponse importCsv(@RequestParam(required = false) String importId, @RequestParam(required = false) String asOf,
                             @RequestParam(required = false) String source, HttpServletRequest request) throws IOException {
        JsonFields parameters = JsonFields.of(tools.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put("importId", importId).put("source", source).put("asOf", asOf));
        Header header = new Header(parameters.identifier("importId"), parameters.identifier("source"), parameters.timestamp("asOf", true));
        parameters.requireValid();
        Reader reader = new InputStreamReader(request.getInputStream(), StandardCharsets.UTF_8);
        CSVParser csv = CSVFormat.RFC4180.builder().setTrim(true).setIgnoreEmptyLines(true).get().parse(reader);
        Iterator<CSVRecord> records = csv.iterator();
        if (!records.hasNext()) {
            throw csvHeaderProblem("the file is empty");
        }
        List<String> columns = new ArrayList<>(records.next().toList());
        if (!columns.isEmpty()) {
            columns.set(0, columns.get(0).replace("\uFEFF", ""));
        }
        if (!columns.equals(CSV_HEADER.subList(0, 2)) && !columns.equals(CSV_HEADER)) {
            throw csvHeaderProblem("found " + String.join(",", columns));
        }
        Iterator<ImportRow> parsed = new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return records.hasNext();
                } catch (UncheckedIOException e) {
                    throw ApiProblem.validation(List.of(new ApiProblem.FieldError("body", "is not valid CSV: " + e.getMessage())));
                }
            }

            @Override
            public ImportRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return csvRow(header, records.next(), columns.size());
            }
        };
        return respond(importOpeningBalances.importRows(header.importId(), parsed), request);
    }

    private ImportRow jsonRow(Header header, long line, JsonNode node) {
        JsonFields row = JsonFields.nested(node, "rows[" + (line - 1) + "]");
        if (!row.valid()) {
            return new ImportRow.Rejected(line, null, "must be a JSON object");
        }
        JsonNode rawCustomer = row.node("customerId");
        String customerId = row.identifier("customerId");
        if (customerId == null && rawCustomer != null && rawCustomer.isString()) {
            customerId = rawCustomer.stringValue(); // reported as sent, beside the reason it was refused
        }
        Money spend = row.amount("lifetimeSpend", programCurrency, true);
        Instant firstPurchaseAt = row.timestamp("firstPurchaseAt", false);
        return toRow(header, line, customerId, spend, firstPurchaseAt, row);
    }

    private ImportRow csvRow(Header header, CSVRecord record, int columns) {
        long line = record.getRecordNumber();
        JsonFields row = JsonFields.nested(tools.jackson.databind.node.JsonNodeFactory.instance.objectNode(), "line " + line);
        if (record.size() != columns) {
            return new ImportRow.Rejected(line, record.size() > 0 ? record.get(0) : null,
                    "has " + record.size() + " fields, the header has " + columns);
        }
        String customerId = record.get(0);
        if (!JsonFields.IDENTIFIER.matcher(customerId).matches()) {
            row.invalid("customerId", JsonFields.IDENTIFIER_RULE);
        }
        Money spend = null;
        try {
            spend = Money.ofMajorOrZero(new BigDecimal(record.get(1)), programCurrency);
        } catch (NumberFormatException e) {
            row.invalid("lifetimeSpend", "must be a number");
        } catch (IllegalArgumentException e) {
            row.invalid("lifetimeSpend", e.getMessage());
        }
        Instant firstPurchaseAt = columns == 3 && !record.get(2).isEmpty() ? row.parseTimestamp("firstPurchaseAt", record.get(2)) : null;
        return toRow(header, line, customerId, spend, firstPurchaseAt, row);
    }

    private static ImportRow toRow(Header header, long line, String customerId, Money spend, Instant firstPurchaseAt, JsonFields row) {
        if (firstPurchaseAt != null && firstPurchaseAt.isAfter(header.asOf())) {
            row.invalid("firstPurchaseAt", "must not be after asOf");
        }
        if (!row.valid()) {
            return new ImportRow.Rejected(line, customerId, String.join("; ", row.errors().stream()
                    .map(e -> e.field().replaceFirst("^(rows\\[\\d+]|line \\d+)\\.", "") + " " + e.message()).toList()));
        }
        return new ImportRow.Valid(new OpeningBalance(header.importId(), header.source(), header.asOf(), line, customerId,
                spend, firstPurchaseAt == null ? header.asOf() : firstPurchaseAt));
    }

    private static ApiProblem csvHeaderProblem(String found) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-csv-header",
                "Expected the header customerId,lifetimeSpend[,firstPurchaseAt]; " + found + ".",
                List.of(new ApiProblem.FieldError("header", CSV_HEADER_RULE)));
    }

    private static ImportResponse respond(ImportReport report, HttpServletRequest request) {
        RequestOutcomeMetrics.importedRows(request, report);
        return new ImportResponse(report.importId(), report.accepted(), report.duplicates(),
                report.rejected().stream().map(r -> new ImportResponse.Rejection(r.line(), r.customerId(), r.reason())).toList(),
                report.rejectedCount());
    }

    private record Header(String importId, String source, Instant asOf) {
    }

    /** The contract's import answer, plus {@code duplicates} and {@code rejectedCount} (all refusals, listed or not). */
    record ImportResponse(String importId, long accepted, long duplicates, List<Rejection> rejected, long rejectedCount) {

        record Rejection(long line, String customerId, String reason) {
        }
    }
}
