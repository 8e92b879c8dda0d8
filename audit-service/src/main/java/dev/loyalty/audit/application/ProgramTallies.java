package dev.loyalty.audit.application;

import dev.loyalty.audit.domain.ProgramTally;

import java.util.List;

/**
 * Port: the overview's tally, one per partition of the change stream, each with the offset it counts through. A
 * partition's tally and its offset move in one single-document write, so a change is counted exactly once without a
 * transaction: a redelivered record at or before the offset is not counted again.
 */
public interface ProgramTallies {

    /** A partition's tally and the offset of the last record it counts; {@code -1} before any. */
    record PartitionTally(int partition, ProgramTally tally, long throughOffset) {
    }

    PartitionTally of(int partition);

    /**
     * Replaces the partition's tally if it still counts through {@code expectedOffset}.
     *
     * @return false if another consumer moved it meanwhile (the records are then delivered again)
     */
    boolean replace(PartitionTally next, long expectedOffset);

    List<PartitionTally> all();
}
