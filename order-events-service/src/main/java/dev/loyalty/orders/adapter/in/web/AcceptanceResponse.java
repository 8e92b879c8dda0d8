package dev.loyalty.orders.adapter.in.web;

import dev.loyalty.orders.application.Acceptance;

/** {@code {"eventId","status"}}: what every accepted POS write answers. */
record AcceptanceResponse(String eventId, String status) {

    static AcceptanceResponse of(Acceptance acceptance) {
        return new AcceptanceResponse(acceptance.eventId(), acceptance.status().name());
    }
}
