package dev.loyalty.orders.application;

import dev.loyalty.orders.domain.OpeningBalance;
import dev.loyalty.orders.domain.Order;
import dev.loyalty.orders.domain.OrderReturn;

import java.time.Instant;
import java.util.List;

/**
 * Port: puts accepted POS writes durably on the event log, keyed by customerId. Each method returns
 * only once the broker has acknowledged everything (acks=all), or throws {@link EventLogUnavailable}.
 */
public interface PosEventPublisher {

    void publishOrder(String eventId, Order order, Instant receivedAt);

    void publishReturn(String eventId, OrderReturn orderReturn, Instant receivedAt);

    /** Publishes the rows in one go (pipelined), waiting for all acknowledgements at the end. */
    void publishOpeningBalances(List<OpeningBalance> rows);

    /** The broker did not acknowledge in time; nothing may be reported as accepted. */
    class EventLogUnavailable extends RuntimeException {

        public EventLogUnavailable(Throwable cause) {
            super("The event log did not acknowledge the write; retry with the same id.", cause);
        }
    }
}
