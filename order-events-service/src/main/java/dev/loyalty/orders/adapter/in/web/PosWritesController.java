package dev.loyalty.orders.adapter.in.web;

import dev.loyalty.orders.application.AcceptPosWrites;
import dev.loyalty.orders.application.Acceptance;
import dev.loyalty.orders.config.OrderEventsProperties;
import dev.loyalty.orders.domain.Order;
import dev.loyalty.orders.domain.OrderReturn;
import dev.loyalty.orders.domain.SalesChannel;
import dev.loyalty.support.ApiProblem;
import dev.loyalty.support.InputBounds;
import dev.loyalty.support.value.Money;
import dev.loyalty.support.web.BoundedNumber;
import dev.loyalty.support.web.CurrencyCode;
import dev.loyalty.support.web.EventTime;
import dev.loyalty.support.web.Identifier;
import dev.loyalty.support.web.RequestMoney;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Currency;

/**
 * {@code POST /api/v1/orders} and {@code /returns}: the contract's JSON bound strictly (Jackson, then Bean
 * Validation naming every bad field), money converted to minor units, then delegation.
 */
@RestController
class PosWritesController {

    private final AcceptPosWrites acceptPosWrites;
    private final Currency programCurrency;
    private final InputBounds bounds;

    PosWritesController(AcceptPosWrites acceptPosWrites, OrderEventsProperties properties, InputBounds bounds) {
        this.acceptPosWrites = acceptPosWrites;
        this.programCurrency = Currency.getInstance(properties.programCurrency());
        this.bounds = bounds;
    }

    @PostMapping(path = "/api/v1/orders", consumes = "application/json")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Report a sale", description = "202 once the OrderPlaced event is durably in Kafka (acks=all).")
    AcceptanceResponse placeOrder(@Valid @RequestBody OrderRequest order, HttpServletRequest request) {
        Currency currency = Currency.getInstance(order.currency());
        Money amount = RequestMoney.amount("amount", order.amount(), currency, bounds);
        requireProgramCurrency(currency);
        return respond(acceptPosWrites.acceptOrder(new Order(order.orderId(), order.customerId(), order.storeId(), amount,
                order.occurredAt().toInstant(), order.channel() == null ? SalesChannel.RETAIL : order.channel())), request);
    }

    @PostMapping(path = "/api/v1/returns", consumes = "application/json")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Report a full or partial return of an order",
            description = "202 once the OrderReturned event is durably in Kafka. Loyalty rejects (dead-letters) a return larger than what remains of its order.")
    AcceptanceResponse returnOrder(@Valid @RequestBody ReturnRequest orderReturn, HttpServletRequest request) {
        Currency currency = Currency.getInstance(orderReturn.currency());
        Money amount = RequestMoney.amount("amount", orderReturn.amount(), currency, bounds);
        requireProgramCurrency(currency);
        return respond(acceptPosWrites.acceptReturn(new OrderReturn(orderReturn.returnId(), orderReturn.orderId(),
                orderReturn.customerId(), amount, orderReturn.occurredAt().toInstant())), request);
    }

    /** The 422 comes only after every 400 check passed (contract). */
    private void requireProgramCurrency(Currency currency) {
        if (!currency.equals(programCurrency)) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "currency-mismatch",
                    "The program's currency is " + programCurrency + ", not " + currency + ".");
        }
    }

    private static AcceptanceResponse respond(Acceptance acceptance, HttpServletRequest request) {
        RequestOutcomeMetrics.outcome(request, acceptance.status().name().toLowerCase());
        return new AcceptanceResponse(acceptance.eventId(), acceptance.status().name());
    }

    @Schema(name = "Order")
    record OrderRequest(
            @NotNull @Identifier String orderId,
            @Schema(nullable = true, description = "null for an anonymous sale") @Identifier String customerId,
            @NotNull @Identifier String storeId,
            @Schema(description = "major units, > 0, at most the currency's decimals", example = "2800000")
            @NotNull @BoundedNumber BigDecimal amount,
            @Schema(example = "VND") @NotNull @CurrencyCode String currency,
            @Schema(example = "2026-11-24T10:15:00+07:00") @NotNull @EventTime OffsetDateTime occurredAt,
            @Schema(defaultValue = "RETAIL") SalesChannel channel) {
    }

    @Schema(name = "Return")
    record ReturnRequest(
            @NotNull @Identifier String returnId,
            @NotNull @Identifier String orderId,
            @Identifier String customerId,
            @Schema(example = "500000") @NotNull @BoundedNumber BigDecimal amount,
            @Schema(example = "VND") @NotNull @CurrencyCode String currency,
            @NotNull @EventTime OffsetDateTime occurredAt) {
    }

    /** {@code {"eventId","status"}}: what every accepted POS write answers. */
    record AcceptanceResponse(String eventId, String status) {
    }
}
