package dev.loyalty.orders.adapter.in.web;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** {@code POST /api/v1/orders} body, as the contract spells it. */
record OrderRequest(
        @NotNull @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.MESSAGE) String orderId,
        @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.MESSAGE) String customerId,
        @NotNull @Pattern(regexp = Identifiers.PATTERN, message = Identifiers.MESSAGE) String storeId,
        @NotNull BigDecimal amount,
        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as VND") String currency,
        @NotNull OffsetDateTime occurredAt,
        Channel channel) {

    enum Channel {
        RETAIL, WHOLESALE, ONLINE
    }
}
