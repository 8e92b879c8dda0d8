package dev.loyalty.engine.domain;

import java.time.Instant;

/** A sale to a known customer, as the engine applies it. {@code amount} is in minor units. */
public record PlacedOrder(String eventId, String customerId, String orderId, long amount, Instant occurredAt) {
}
