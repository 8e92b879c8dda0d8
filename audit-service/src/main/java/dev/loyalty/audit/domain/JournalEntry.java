package dev.loyalty.audit.domain;

import java.time.Instant;

/**
 * One line of a customer's journal: one points or tier change, exactly once.
 *
 * @param entryId    the change's event id (a redelivered change has the same id and is not recorded twice)
 * @param sequence   the customer's change sequence assigned by the loyalty engine; orders the journal
 * @param occurredAt event time of the cause ({@code asOf} for an opening balance)
 * @param recordedAt when the journal recorded it
 * @param actor      the operator whose write caused it (an API key's name, a token's subject); null for orders, returns,
 *                   a till's redemptions and the engine's own work
 * @param note       the operator's note, when one was given
 */
public record JournalEntry(String entryId, String customerId, long sequence, Instant occurredAt, Instant recordedAt,
                           EntryType type, long pointsDelta, long pointsBalance, String tierBefore, String tierAfter,
                           Reason reason, String orderId, String sourceEventId, String actor, String note) {

    /** The same entry, caused by {@code actor}'s write with {@code note}. */
    public JournalEntry by(String actor, String note) {
        return new JournalEntry(entryId, customerId, sequence, occurredAt, recordedAt, type, pointsDelta, pointsBalance, tierBefore,
                tierAfter, reason, orderId, sourceEventId, actor, note);
    }

    /** A points change; its type follows from its reason (and, for an order, from its sign). */
    public static JournalEntry pointsChange(String entryId, String customerId, long sequence, Instant occurredAt,
                                            Instant recordedAt, Reason reason, long delta, long balance, String tier,
                                            String orderId, String sourceEventId) {
        return new JournalEntry(entryId, customerId, sequence, occurredAt, recordedAt, pointsTypeOf(reason, delta),
                delta, balance, tier, tier, reason, orderId, sourceEventId, null, null);
    }

    /** A tier change; the points do not move ({@code pointsDelta} 0, the balance at that moment). */
    public static JournalEntry tierChange(String entryId, String customerId, long sequence, Instant occurredAt,
                                          Instant recordedAt, Reason reason, boolean promoted, String tierBefore,
                                          String tierAfter, long balance, String orderId, String sourceEventId) {
        return new JournalEntry(entryId, customerId, sequence, occurredAt, recordedAt,
                promoted ? EntryType.TIER_PROMOTED : EntryType.TIER_DEMOTED, 0, balance, tierBefore, tierAfter,
                reason, orderId, sourceEventId, null, null);
    }

    private static EntryType pointsTypeOf(Reason reason, long delta) {
        return switch (reason) {
            case REDEMPTION -> EntryType.POINTS_REDEEMED;
            case RECALCULATION, OPENING_BALANCE, PERIOD_ROLLOVER -> EntryType.POINTS_RECALCULATED;
            case RETURN -> EntryType.POINTS_REVERSED;
            case ORDER -> delta >= 0 ? EntryType.POINTS_EARNED : EntryType.POINTS_REVERSED;
            case PENDING_ENDED -> EntryType.POINTS_ACTIVATED;
            case EXPIRY -> EntryType.POINTS_EXPIRED;
            case ADJUSTMENT -> EntryType.POINTS_ADJUSTED;
            case GRACE_ENDED, MANUAL -> EntryType.POINTS_RECALCULATED; // (tier reasons: points do not move by them)
        };
    }
}
