package dev.loyalty.engine.adapter.in.kafka;

import dev.loyalty.schemas.Topics;
import dev.loyalty.engine.application.ApplyOrderEvents;
import dev.loyalty.engine.domain.PlacedOrder;
import dev.loyalty.schemas.events.OrderPlaced;
import dev.loyalty.support.EventRejectedException;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Translates {@code pos.order-events} records into domain inputs and delegates; no rules here. */
@Component
class OrderEventsListener {

    private final ApplyOrderEvents applyOrderEvents;
    private final MeterRegistry metrics;

    OrderEventsListener(ApplyOrderEvents applyOrderEvents, MeterRegistry metrics) {
        this.applyOrderEvents = applyOrderEvents;
        this.metrics = metrics;
    }

    @KafkaListener(id = "loyalty-order-events", topics = "${loyalty.order-events-topic:" + Topics.POS_ORDER_EVENTS_NAME + "}")
    void on(ConsumerRecord<String, SpecificRecord> record) {
        SpecificRecord event = record.value();
        if (event instanceof OrderPlaced order) {
            if (order.getCustomerId() == null) {
                count("OrderPlaced", "anonymous");
                return;
            }
            boolean changed = !applyOrderEvents.apply(new PlacedOrder(order.getEventId(), order.getCustomerId(),
                    order.getOrderId(), order.getAmount(), order.getOccurredAt())).isEmpty();
            count("OrderPlaced", changed ? "applied" : "no-change");
            return;
        }
        String type = event == null ? "null" : event.getClass().getSimpleName();
        count(type, "dead-lettered");
        throw new EventRejectedException("loyalty-service does not apply " + type + " events yet");
    }

    private void count(String type, String outcome) {
        metrics.counter("loyalty.events", "type", type, "outcome", outcome).increment();
    }
}
