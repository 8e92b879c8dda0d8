package dev.loyalty.orders.adapter.in.web;

/** Client-chosen identifiers: 1–64 characters of {@code [A-Za-z0-9._:-]} (contract). */
final class Identifiers {

    static final String PATTERN = "[A-Za-z0-9._:-]{1,64}";
    static final String MESSAGE = "must be 1-64 characters of A-Z a-z 0-9 . _ : -";

    private Identifiers() {
    }
}
