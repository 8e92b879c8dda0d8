package dev.loyalty.orders.application;

/** The client id was used before with different content. */
public class IdempotencyConflict extends RuntimeException {

    public IdempotencyConflict(String what) {
        super(what + " was already received with different content.");
    }
}
