package dev.loyalty.orders.domain;

import dev.loyalty.support.value.Money;

import java.time.Instant;

/** A full or partial return of an earlier order, as a POS reports it. */
public record OrderReturn(String returnId, String orderId, String customerId, Money amount, Instant occurredAt) {

    /** Parsed values only: another offset for the same instant, or 1000.0 for 1000, is the same content. */
    public String canonicalContent() {
        return String.join("|", "return", returnId, orderId, String.valueOf(customerId),
                String.valueOf(amount.minorUnits()), amount.currency().getCurrencyCode(),
                String.valueOf(occurredAt.toEpochMilli()));
    }
}
