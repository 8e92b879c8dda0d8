package dev.loyalty.audit.domain;

/**
 * Where a change was read from: its record's place in the change stream. The overview counts each change once, from
 * the record it was first recorded from; a redelivery of that record is recognised by this position, a republished
 * copy of the change (another record) by its differing one.
 */
public record ChangeSource(int partition, long offset) {
}
