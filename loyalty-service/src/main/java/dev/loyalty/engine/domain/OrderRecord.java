package dev.loyalty.engine.domain;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/**
 * An order as the account remembers it, for its returns and for recalculations.
 *
 * @param month         the calendar month (program time zone) its spend and its returns count in
 * @param rate          the rate it earned at, kept for its returns; null when it earns nothing
 *                      (dated before the customer's opening balance)
 * @param points        the points it holds now (after returns)
 * @param countsAsSpend false when dated before the customer's opening-balance {@code asOf}
 * @param returnIds     returns applied to it (a return is applied once)
 */
public record OrderRecord(String orderId, long amount, long returned, Instant occurredAt, YearMonth month,
                          EarnRate rate, long points, boolean countsAsSpend, List<String> returnIds) {

    public OrderRecord {
        returnIds = List.copyOf(returnIds);
    }

    OrderRecord withCounts(boolean counts) {
        return new OrderRecord(orderId, amount, returned, occurredAt, month, rate, points, counts, returnIds);
    }

    public long remaining() {
        return amount - returned;
    }

    /** What the order adds to lifetime spend: its net amount, or only its returns when the import holds it. */
    public long spendContribution() {
        return countsAsSpend ? amount - returned : -returned;
    }
}
