package dev.loyalty.engine.application;

import java.util.Map;

/**
 * Per partition of {@code pos.order-events}, the offset before which every record has been applied and its
 * changes published: the start of a batch being delivered (the consumer moved past the records before it only
 * after their batch completed), or the consumer group's committed offsets.
 */
public record HandledPositions(Map<Integer, Long> before) {

    /** Nothing known: every outbox is treated as possibly unpublished. */
    public static final HandledPositions NONE = new HandledPositions(Map.of());

    public HandledPositions {
        before = Map.copyOf(before);
    }

    /** Whether the record at {@code position} was handled, so whatever its write left in an outbox is published. */
    public boolean covers(LogPosition position) {
        Long handledBefore = before.get(position.partition());
        return handledBefore != null && position.offset() < handledBefore;
    }
}
