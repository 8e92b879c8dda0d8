package dev.loyalty.orders.application;

/** What the POS is told: the event id its request became, and whether it was new. */
public record Acceptance(String eventId, Status status) {

    public enum Status {
        ACCEPTED, DUPLICATE
    }
}
