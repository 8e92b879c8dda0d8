package dev.loyalty.orders.application;

import dev.loyalty.orders.domain.ContentFingerprint;
import dev.loyalty.orders.domain.EventIds;
import dev.loyalty.orders.domain.Order;
import dev.loyalty.orders.domain.OrderReturn;
import org.springframework.stereotype.Service;

import java.time.Clock;

/**
 * Use cases: a POS reports a sale or a return. Each is claimed once, in one store round trip (the claim's insert):
 * other content under the same id is a conflict, published never; the same content again answers DUPLICATE with
 * the original event id and is published again under that event id, because nothing records that the first
 * publication completed (a crash between the claim and the broker's ack must not lose the write). The engine
 * applies an event id, an order id and a return id once, so a republished duplicate counts nothing twice. Only a
 * publication that failed (the broker away: 503) is marked, so that its retry answers ACCEPTED.
 */
@Service
public class AcceptPosWrites {

    private final IdempotencyRecords records;
    private final PosEventPublisher publisher;
    private final Clock clock;

    public AcceptPosWrites(IdempotencyRecords records, PosEventPublisher publisher, Clock clock) {
        this.records = records;
        this.publisher = publisher;
        this.clock = clock;
    }

    public Acceptance acceptOrder(Order order) {
        String eventId = EventIds.forOrder(order.orderId());
        return acceptOnce("order:" + order.orderId(), "Order " + order.orderId(), order.canonicalContent(), order.storeId(), eventId,
                () -> publisher.publishOrder(eventId, order, clock.instant()));
    }

    /** The store of an order accepted here (a return's store, for a POS key scoped to stores); empty if unknown. */
    public java.util.Optional<String> storeOfOrder(String orderId) {
        return records.storeOf("order:" + orderId);
    }

    public Acceptance acceptReturn(OrderReturn orderReturn) {
        String eventId = EventIds.forReturn(orderReturn.returnId());
        return acceptOnce("return:" + orderReturn.returnId(), "Return " + orderReturn.returnId(),
                orderReturn.canonicalContent(), null, eventId,
                () -> publisher.publishReturn(eventId, orderReturn, clock.instant()));
    }

    private Acceptance acceptOnce(String key, String what, String content, String storeId, String eventId, Runnable publish) {
        IdempotencyRecords.Claim claim = records.claim(key, ContentFingerprint.of(content), storeId);
        if (claim == IdempotencyRecords.Claim.CONFLICT) {
            throw new IdempotencyConflict(what);
        }
        try {
            publish.run(); // a duplicate too: its first publication may not have reached the broker (a crash)
        } catch (RuntimeException brokerAway) {
            try {
                records.markPublishFailed(key); // so its retry answers ACCEPTED, not DUPLICATE
            } catch (RuntimeException storeAwayToo) {
                brokerAway.addSuppressed(storeAwayToo); // the retry then answers DUPLICATE: published all the same
            }
            throw brokerAway;
        }
        if (claim == IdempotencyRecords.Claim.PENDING) {
            records.markPublished(key);
        }
        return new Acceptance(eventId, claim == IdempotencyRecords.Claim.PUBLISHED ? Acceptance.Status.DUPLICATE : Acceptance.Status.ACCEPTED);
    }
}
