package dev.loyalty.engine.domain;

import java.time.Instant;

/** An operator's manual adjustment as applied and answered, so the same adjustment again gets the same answer. */
public record AdjustmentRecord(String adjustmentId, long points, String note, String actor, Instant at, long balanceAfter,
                               long redeemableAfter) {

    /** The same content as far as idempotency goes (a retry by another operator is the same adjustment). */
    public boolean sameContentAs(long otherPoints, String otherNote) {
        return points == otherPoints && java.util.Objects.equals(note, otherNote);
    }
}
