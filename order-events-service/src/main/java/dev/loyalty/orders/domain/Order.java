package dev.loyalty.orders.domain;

import dev.loyalty.support.value.Money;

import java.time.Instant;

/**
 * A sale as a POS reports it.
 *
 * @param customerId null for an anonymous sale (published, ignored by loyalty)
 * @param amount     the qualifying amount: after discounts, without what was paid with points
 */
public record Order(String orderId, String customerId, String storeId, Money amount, Instant occurredAt,
                    SalesChannel channel) {

    /** Parsed values only, defaults applied: the content two requests with the same orderId are compared by. */
    public String canonicalContent() {
        return String.join("|", "order", orderId, String.valueOf(customerId), storeId,
                String.valueOf(amount.minorUnits()), amount.currency().getCurrencyCode(),
                String.valueOf(occurredAt.toEpochMilli()), channel.name());
    }
}
