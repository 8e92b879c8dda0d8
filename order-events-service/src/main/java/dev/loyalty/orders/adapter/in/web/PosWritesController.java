package dev.loyalty.orders.adapter.in.web;

import dev.loyalty.orders.application.AcceptPosWrites;
import dev.loyalty.orders.application.Acceptance;
import dev.loyalty.orders.config.OrderEventsProperties;
import dev.loyalty.orders.domain.Money;
import dev.loyalty.orders.domain.Order;
import dev.loyalty.orders.domain.OrderReturn;
import dev.loyalty.orders.domain.SalesChannel;
import dev.loyalty.support.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.util.Currency;

/** {@code POST /api/v1/orders} and {@code /returns}: strict reading of the contract's JSON, then delegation. */
@RestController
class PosWritesController {

    private final AcceptPosWrites acceptPosWrites;
    private final Currency programCurrency;

    PosWritesController(AcceptPosWrites acceptPosWrites, OrderEventsProperties properties) {
        this.acceptPosWrites = acceptPosWrites;
        this.programCurrency = Currency.getInstance(properties.programCurrency());
    }

    @PostMapping(path = "/api/v1/orders", consumes = "application/json")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Report a sale", description = "202 once the OrderPlaced event is durably in Kafka (acks=all).")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = ApiSchemas.OrderRequest.class)))
    AcceptanceResponse placeOrder(@RequestBody JsonNode body, HttpServletRequest request) {
        JsonFields fields = JsonFields.of(body);
        String orderId = fields.identifier("orderId");
        String customerId = fields.optionalIdentifier("customerId");
        String storeId = fields.identifier("storeId");
        Currency currency = fields.currency("currency");
        Money amount = fields.amount("amount", currency, false);
        java.time.Instant occurredAt = fields.timestamp("occurredAt", true);
        SalesChannel channel = fields.enumValue("channel", SalesChannel.class, SalesChannel.RETAIL);
        fields.requireValid();
        requireProgramCurrency(currency);
        return respond(acceptPosWrites.acceptOrder(new Order(orderId, customerId, storeId, amount, occurredAt, channel)), request);
    }

    @PostMapping(path = "/api/v1/returns", consumes = "application/json")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Report a full or partial return of an order",
            description = "202 once the OrderReturned event is durably in Kafka. Loyalty rejects (dead-letters) a return larger than what remains of its order.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(schema = @Schema(implementation = ApiSchemas.ReturnRequest.class)))
    AcceptanceResponse returnOrder(@RequestBody JsonNode body, HttpServletRequest request) {
        JsonFields fields = JsonFields.of(body);
        String returnId = fields.identifier("returnId");
        String orderId = fields.identifier("orderId");
        String customerId = fields.optionalIdentifier("customerId");
        Currency currency = fields.currency("currency");
        Money amount = fields.amount("amount", currency, false);
        java.time.Instant occurredAt = fields.timestamp("occurredAt", true);
        fields.requireValid();
        requireProgramCurrency(currency);
        return respond(acceptPosWrites.acceptReturn(new OrderReturn(returnId, orderId, customerId, amount, occurredAt)), request);
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

    /** {@code {"eventId","status"}}: what every accepted POS write answers. */
    record AcceptanceResponse(String eventId, String status) {
    }
}
