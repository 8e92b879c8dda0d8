package dev.loyalty.engine.application;

/**
 * What publishes a stored outbox again if its writer stopped between the write and the publish, so that no
 * write is spent on clearing it: the redelivery of an order-events record ({@link LogPosition}) or the redo of a
 * recalculation chunk ({@link JobPosition}). An outbox without one is the relay's, and its writer clears it.
 */
public sealed interface Redelivery permits LogPosition, JobPosition {
}
