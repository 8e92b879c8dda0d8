package dev.loyalty.orders.domain;

/** Where a sale happened; informational for loyalty rules today. */
public enum SalesChannel {
    RETAIL, WHOLESALE, ONLINE
}
