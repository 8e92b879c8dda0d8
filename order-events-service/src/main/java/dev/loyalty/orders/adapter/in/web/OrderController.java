package dev.loyalty.orders.adapter.in.web;

import dev.loyalty.orders.application.AcceptOrder;
import dev.loyalty.orders.config.OrderEventsProperties;
import dev.loyalty.orders.domain.Money;
import dev.loyalty.orders.domain.Order;
import dev.loyalty.orders.domain.SalesChannel;
import dev.loyalty.support.ApiProblem;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.Currency;
import java.util.List;

/** {@code POST /api/v1/orders}: translates the contract's JSON into an {@link Order} and delegates. */
@RestController
class OrderController {

    private final AcceptOrder acceptOrder;
    private final OrderEventsProperties properties;

    OrderController(AcceptOrder acceptOrder, OrderEventsProperties properties) {
        this.acceptOrder = acceptOrder;
        this.properties = properties;
    }

    @PostMapping("/api/v1/orders")
    @ResponseStatus(HttpStatus.ACCEPTED)
    AcceptanceResponse placeOrder(@Valid @RequestBody OrderRequest request) {
        Money amount = money(request.amount(), request.currency());
        SalesChannel channel = request.channel() == null ? SalesChannel.RETAIL : SalesChannel.valueOf(request.channel().name());
        Order order = new Order(request.orderId(), request.customerId(), request.storeId(), amount,
                request.occurredAt().toInstant(), channel);
        return AcceptanceResponse.of(acceptOrder.accept(order));
    }

    /** 400 checks on the value come before the 422 on a currency other than the program's (contract). */
    private Money money(java.math.BigDecimal value, String currencyCode) {
        Currency currency;
        try {
            currency = Currency.getInstance(currencyCode);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.validation(List.of(new ApiProblem.FieldError("currency", "is not an ISO 4217 currency")));
        }
        Money amount;
        try {
            amount = Money.ofMajor(value, currency);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.validation(List.of(new ApiProblem.FieldError("amount", e.getMessage())));
        }
        if (!currency.getCurrencyCode().equals(properties.programCurrency())) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "currency-mismatch",
                    "The program's currency is " + properties.programCurrency() + ", not " + currencyCode + ".");
        }
        return amount;
    }
}
