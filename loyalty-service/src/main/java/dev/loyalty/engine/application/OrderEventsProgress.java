package dev.loyalty.engine.application;

/** Port: how far the consumers of {@code pos.order-events} have got (their group's committed offsets). */
public interface OrderEventsProgress {

    /** {@link HandledPositions#NONE} when it cannot be asked right now: outboxes are then published again, never lost. */
    HandledPositions handled();
}
