package dev.loyalty.engine.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One customer's loyalty state: running spend, point balance and the last change sequence,
 * plus the ids of the most recent events applied (so a redelivered event changes nothing).
 * Immutable: applying an event returns the next state and the changes it caused.
 *
 * @param revision optimistic-concurrency revision of the stored state (0 = never stored)
 */
public record CustomerAccount(String customerId, long lifetimeSpend, long pointsBalance, long lastSequence,
                              List<String> recentEventIds, long revision, Instant updatedAt) {

    /** How many applied event ids an account remembers: far more than one consumer batch can redeliver. */
    public static final int REMEMBERED_EVENTS = 256;

    public CustomerAccount {
        recentEventIds = List.copyOf(recentEventIds);
    }

    public static CustomerAccount newCustomer(String customerId) {
        return new CustomerAccount(customerId, 0, 0, 0, List.of(), 0, null);
    }

    public boolean hasApplied(String eventId) {
        return recentEventIds.contains(eventId);
    }

    /** Applies a sale: its amount adds to spend and earns points at the program's rate. */
    public Applied apply(PlacedOrder order, LoyaltyProgram program, Instant now) {
        if (hasApplied(order.eventId())) {
            return new Applied(this, List.of());
        }
        long earned = program.defaultEarnRate().pointsFor(order.amount());
        List<AccountChange> changes = new ArrayList<>();
        long sequence = lastSequence;
        if (earned != 0) {
            sequence++;
            changes.add(new AccountChange.PointsChange(derivedId(order.eventId(), "points"), customerId, sequence,
                    ChangeReason.ORDER, order.occurredAt(), order.eventId(), order.orderId(), earned,
                    pointsBalance + earned, null));
        }
        CustomerAccount next = new CustomerAccount(customerId, lifetimeSpend + order.amount(), pointsBalance + earned,
                sequence, remember(order.eventId()), revision, now);
        return new Applied(next, changes);
    }

    private List<String> remember(String eventId) {
        List<String> ids = new ArrayList<>(recentEventIds);
        ids.add(eventId);
        return List.copyOf(ids.subList(Math.max(0, ids.size() - REMEMBERED_EVENTS), ids.size()));
    }

    /** Same cause, same change id: re-emitting a change after a crash is recognisably the same event. */
    private static String derivedId(String sourceEventId, String kind) {
        return UUID.nameUUIDFromBytes((sourceEventId + "/" + kind).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    /** The state after an event, and what changed (empty when nothing did). */
    public record Applied(CustomerAccount account, List<AccountChange> changes) {
    }
}
