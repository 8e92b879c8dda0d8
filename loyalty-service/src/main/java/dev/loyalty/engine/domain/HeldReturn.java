package dev.loyalty.engine.domain;

import java.time.Instant;

/**
 * A return that arrived before its order; applied when the order arrives.
 *
 * @param heldAt when it arrived and was held: the hold time runs from here, not from the return's own
 *               date (an offline till may send a return dated weeks ago just before its order)
 */
public record HeldReturn(AccountEvent.OrderReturned event, Instant heldAt) {
}
