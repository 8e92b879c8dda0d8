package dev.loyalty.engine.domain;

/** A return that arrived before its order; applied when the order arrives. */
public record HeldReturn(AccountEvent.OrderReturned event) {
}
