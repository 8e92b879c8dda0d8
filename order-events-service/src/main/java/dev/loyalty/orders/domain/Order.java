package dev.loyalty.orders.domain;

import java.time.Instant;

/**
 * A sale as a POS reports it.
 *
 * @param customerId null for an anonymous sale (published, ignored by loyalty)
 * @param amount     the qualifying amount: after discounts, without what was paid with points
 */
public record Order(String orderId, String customerId, String storeId, Money amount, Instant occurredAt,
                    SalesChannel channel) {
}
