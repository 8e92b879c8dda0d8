package dev.loyalty.engine.application;

/** Where an order event sits in its log: a partition of {@code pos.order-events} and an offset in it. */
public record LogPosition(int partition, long offset) implements Redelivery {
}
