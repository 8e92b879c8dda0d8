package dev.loyalty.orders.adapter.out.kafka;

import dev.loyalty.support.ApiProblem;
import org.springframework.http.HttpStatus;

/** The broker did not acknowledge in time: the POS is told 503 and retries; nothing was accepted. */
class EventLogUnavailableException extends ApiProblem {

    EventLogUnavailableException(Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, "event-log-unavailable",
                "The event log did not acknowledge the write; retry with the same id.");
        initCause(cause);
    }
}
