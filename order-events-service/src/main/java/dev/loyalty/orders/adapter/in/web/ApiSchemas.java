package dev.loyalty.orders.adapter.in.web;

import io.swagger.v3.oas.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;

/**
 * The request shapes of the contract, for the OpenAPI description only: requests are read field by
 * field by {@link JsonFields}, which reports every problem at once.
 */
final class ApiSchemas {

    private ApiSchemas() {
    }

    @Schema(name = "Order")
    record OrderRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = "[A-Za-z0-9._:-]{1,64}") String orderId,
            @Schema(nullable = true, description = "null for an anonymous sale", pattern = "[A-Za-z0-9._:-]{1,64}") String customerId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = "[A-Za-z0-9._:-]{1,64}") String storeId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "major units, > 0, at most the currency's decimals", example = "2800000") BigDecimal amount,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "VND") String currency,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "date-time", example = "2026-11-24T10:15:00+07:00") String occurredAt,
            @Schema(allowableValues = {"RETAIL", "WHOLESALE", "ONLINE"}, defaultValue = "RETAIL") String channel) {
    }

    @Schema(name = "Return")
    record ReturnRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = "[A-Za-z0-9._:-]{1,64}") String returnId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = "[A-Za-z0-9._:-]{1,64}") String orderId,
            @Schema(pattern = "[A-Za-z0-9._:-]{1,64}") String customerId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "500000") BigDecimal amount,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "VND") String currency,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "date-time") String occurredAt) {
    }

    @Schema(name = "OpeningBalanceImport")
    record ImportRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = "[A-Za-z0-9._:-]{1,64}") String importId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "date-time") String asOf,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, pattern = "[A-Za-z0-9._:-]{1,64}") String source,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<ImportRow> rows) {
    }

    @Schema(name = "OpeningBalanceRow")
    record ImportRow(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String customerId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "major units, >= 0") BigDecimal lifetimeSpend,
            @Schema(format = "date-time", description = "defaults to asOf") String firstPurchaseAt) {
    }
}
