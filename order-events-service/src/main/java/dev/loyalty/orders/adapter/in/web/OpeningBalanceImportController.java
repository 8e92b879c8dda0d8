package dev.loyalty.orders.adapter.in.web;

import dev.loyalty.orders.application.ImportOpeningBalances;
import dev.loyalty.orders.application.ImportReport;
import dev.loyalty.orders.application.ImportRow;
import dev.loyalty.orders.config.OrderEventsProperties;
import dev.loyalty.support.InputBounds;
import dev.loyalty.support.ApiProblem;
import dev.loyalty.support.security.Callers;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
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
import jakarta.validation.Validator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
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
    private final JsonMapper json;
    private final Validator validator;
    private final InputBounds bounds;
    private final Currency currency;

    OpeningBalanceImportController(ImportOpeningBalances importOpeningBalances, OrderEventsProperties properties,
                                   JsonMapper json, Validator validator, InputBounds bounds) {
        this.importOpeningBalances = importOpeningBalances;
        this.json = json;
        this.validator = validator;
        this.bounds = bounds;
        this.currency = Currency.getInstance(properties.programCurrency());
    }

    /** Rows are read for the caller, who is recorded as the importer. */
    private ImportRowReader rows() {
        return new ImportRowReader(json, validator, bounds, currency, Callers.actor());
    }

    @PostMapping(path = "/api/v1/imports/opening-balances", consumes = "application/json")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Import lifetime spend per customer (JSON)",
            description = "One OpeningBalanceImported per valid row; bad rows are reported with their 1-based index and never reject the good ones.")
    ImportResponse importJson(@RequestBody ImportRequest body, HttpServletRequest request) {
        ImportRowReader rows = rows();
        ImportRowReader.Header header = rows.header(new ImportRowReader.Header(body.importId(), body.source(), body.asOf()));
        if (body.rows() == null) {
            throw ApiProblem.validation(List.of(new ApiProblem.FieldError("rows", "must be an array of {customerId, lifetimeSpend, firstPurchaseAt?}")));
        }
        Iterator<JsonNode> elements = body.rows().iterator();
        Iterator<ImportRow> parsed = new Iterator<>() {
            long index;

            @Override
            public boolean hasNext() {
                return elements.hasNext();
            }

            @Override
            public ImportRow next() {
                index++;
                return rows.jsonRow(header, index, elements.next());
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
        ImportRowReader rows = rows();
        ImportRowReader.Header header = rows.header(importId, source, asOf);
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
                CSVRecord record = records.next();
                long line = record.getRecordNumber();
                if (record.size() != columns.size()) {
                    return new ImportRow.Rejected(line, record.size() > 0 ? record.get(0) : null,
                            "has " + record.size() + " fields, the header has " + columns.size());
                }
                return rows.csvRow(header, line, record.get(0), record.get(1), columns.size() == 3 ? record.get(2) : null);
            }
        };
        return respond(importOpeningBalances.importRows(header.importId(), parsed), request);
    }

    /** The contract's JSON import; each row is judged alone ({@link ImportRowReader}), so rows arrive unbound. */
    @Schema(name = "OpeningBalanceImport")
    record ImportRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String importId,
                         @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "date-time") OffsetDateTime asOf,
                         @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String source,
                         @ArraySchema(schema = @Schema(implementation = ImportRowReader.Row.class)) List<JsonNode> rows) {
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

    /** The contract's import answer, plus {@code duplicates} and {@code rejectedCount} (all refusals, listed or not). */
    record ImportResponse(String importId, long accepted, long duplicates, List<Rejection> rejected, long rejectedCount) {

        record Rejection(long line, String customerId, String reason) {
        }
    }
}
