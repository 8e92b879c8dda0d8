package dev.loyalty.orders.application;

import dev.loyalty.orders.domain.Order;

import java.time.Instant;

/** Port: puts an accepted order durably on the event log (returns only once the broker has it). */
public interface OrderEventPublisher {

    void publishOrder(String eventId, Order order, Instant receivedAt);
}
