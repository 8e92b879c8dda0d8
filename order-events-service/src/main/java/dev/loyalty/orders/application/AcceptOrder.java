package dev.loyalty.orders.application;

import dev.loyalty.orders.domain.Order;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.UUID;

/** Use case: a POS reports a sale; it is accepted once it is durably on the event log. */
@Service
public class AcceptOrder {

    private final OrderEventPublisher publisher;
    private final Clock clock;

    public AcceptOrder(OrderEventPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    public Acceptance accept(Order order) {
        String eventId = UUID.randomUUID().toString();
        publisher.publishOrder(eventId, order, clock.instant());
        return new Acceptance(eventId, Acceptance.Status.ACCEPTED);
    }
}
