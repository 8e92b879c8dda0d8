package dev.loyalty.orders.domain;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Event ids follow from the client's own ids, so however often a write is retried, re-sent or
 * re-published after a crash, it becomes one event id, and consumers dedupe the rest.
 * (A different content under the same client id is refused before it gets an id.)
 */
public final class EventIds {

    private EventIds() {
    }

    public static String forOrder(String orderId) {
        return nameBased("order:" + orderId);
    }

    public static String forReturn(String returnId) {
        return nameBased("return:" + returnId);
    }

    public static String forImportRow(String importId, long line) {
        return nameBased("opening-balance:" + importId + ":" + line);
    }

    private static String nameBased(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
