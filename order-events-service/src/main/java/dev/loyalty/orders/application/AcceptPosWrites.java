package dev.loyalty.orders.application;

import dev.loyalty.orders.domain.ContentFingerprint;
import dev.loyalty.orders.domain.EventIds;
import dev.loyalty.orders.domain.Order;
import dev.loyalty.orders.domain.OrderReturn;
import org.springframework.stereotype.Service;

import java.time.Clock;

/**
 * Use cases: a POS reports a sale or a return. Each is accepted once: the same id with the same
 * content answers DUPLICATE with the original event id, other content is a conflict, and a write
 * whose publication was interrupted is published again under the same event id.
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
        switch (claim) {
            case CONFLICT -> throw new IdempotencyConflict(what);
            case PUBLISHED -> {
                return new Acceptance(eventId, Acceptance.Status.DUPLICATE);
            }
            default -> {
                publish.run();
                records.markPublished(key);
                return new Acceptance(eventId, Acceptance.Status.ACCEPTED);
            }
        }
    }
}
