package dev.loyalty.orders.adapter.in.web;

import dev.loyalty.orders.application.AcceptPosWrites;
import dev.loyalty.orders.application.Acceptance;
import dev.loyalty.orders.config.OrderEventsProperties;
import dev.loyalty.orders.domain.Order;
import dev.loyalty.orders.domain.OrderReturn;
import dev.loyalty.orders.domain.SalesChannel;
import dev.loyalty.support.ApiProblem;
import dev.loyalty.support.InputBounds;
import dev.loyalty.support.security.Caller;
import dev.loyalty.support.security.Callers;
import dev.loyalty.support.security.SecurityProblems;
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
import java.util.List;

/**
 * {@code POST /api/v1/orders} and {@code /returns}: the contract's JSON bound strictly (Jackson, then Bean
 * Validation naming every bad field), money converted to minor units, then delegation.
 */
@RestController
class PosWritesController {

    private final AcceptPosWrites acceptPosWrites;
    private final Currency programCurrency;
    private final InputBounds bounds;
    private final SecurityProblems securityProblems;

    PosWritesController(AcceptPosWrites acceptPosWrites, OrderEventsProperties properties, InputBounds bounds,
                        SecurityProblems securityProblems) {
        this.acceptPosWrites = acceptPosWrites;
        this.programCurrency = Currency.getInstance(properties.programCurrency());
        this.bounds = bounds;
        this.securityProblems = securityProblems;
    }

    @PostMapping(path = "/api/v1/orders", consumes = "application/json")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Report a sale", description = "202 once the OrderPlaced event is durably in Kafka (acks=all).")
    AcceptanceResponse placeOrder(@Valid @RequestBody OrderRequest order, HttpServletRequest request) {
        Currency currency = Currency.getInstance(order.currency());
        Money amount = RequestMoney.amount("amount", order.amount(), currency, bounds);
        requireStoreInScope(order.storeId());
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
        requireReturnInScope(orderReturn);
        requireProgramCurrency(currency);
        return respond(acceptPosWrites.acceptReturn(new OrderReturn(orderReturn.returnId(), orderReturn.orderId(),
                orderReturn.customerId(), amount, orderReturn.occurredAt().toInstant())), request);
    }

    /** A POS key scoped to stores writes only for them (contract: after the 400 checks, before the 422). */
    private void requireStoreInScope(String storeId) {
        Callers.current().filter(caller -> !caller.mayWriteFor(storeId)).ifPresent(caller -> {
            securityProblems.countStoreScope();
            throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", "Store " + storeId + " is not in the scope of these credentials.");
        });
    }

    /**
     * A return's store is its order's (contract "Roles"); a {@code storeId} it carries must be that one. A return of an
     * order unknown here can only be sent with credentials that are not scoped to stores.
     */
    private void requireReturnInScope(ReturnRequest orderReturn) {
        String orderStore = acceptPosWrites.storeOfOrder(orderReturn.orderId()).orElse(null);
        if (orderStore != null && orderReturn.storeId() != null && !orderStore.equals(orderReturn.storeId())) {
            throw ApiProblem.validation(List.of(new ApiProblem.FieldError("storeId",
                    "must be the store of order " + orderReturn.orderId() + " (" + orderStore + ")")));
        }
        if (orderStore != null) {
            requireStoreInScope(orderStore);
        } else if (Callers.current().filter(Caller::scopedToStores).isPresent()) {
            securityProblems.countStoreScope();
            throw new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", "Order " + orderReturn.orderId()
                    + " is not known here, so its store cannot be checked: only credentials for every store may return it.");
        }
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
            @Schema(description = "optional: when given, the store of its order") @Identifier String storeId,
            @Schema(example = "500000") @NotNull @BoundedNumber BigDecimal amount,
            @Schema(example = "VND") @NotNull @CurrencyCode String currency,
            @NotNull @EventTime OffsetDateTime occurredAt) {
    }

    /** {@code {"eventId","status"}}: what every accepted POS write answers. */
    record AcceptanceResponse(String eventId, String status) {
    }
}
