package dev.loyalty.engine.application;

/** Port: how far the consumers of {@code pos.order-events} have got (their group's committed offsets). */
public interface OrderEventsProgress {

    /**
     * What is known handled, possibly a moment old or {@link HandledPositions#NONE}: what it does not cover is
     * published again (same change ids), never lost.
     */
    HandledPositions handled();
}
