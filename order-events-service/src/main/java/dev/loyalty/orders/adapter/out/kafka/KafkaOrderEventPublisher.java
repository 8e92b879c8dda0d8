package dev.loyalty.orders.adapter.out.kafka;

import dev.loyalty.orders.application.OrderEventPublisher;
import dev.loyalty.orders.config.OrderEventsProperties;
import dev.loyalty.orders.domain.Order;
import dev.loyalty.schemas.events.OrderPlaced;
import dev.loyalty.schemas.events.SalesChannel;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Publishes POS events keyed by customerId and waits for the broker's acks=all acknowledgement. */
@Component
class KafkaOrderEventPublisher implements OrderEventPublisher {

    private final KafkaTemplate<String, SpecificRecord> kafka;
    private final OrderEventsProperties properties;

    KafkaOrderEventPublisher(KafkaTemplate<String, SpecificRecord> kafka, OrderEventsProperties properties) {
        this.kafka = kafka;
        this.properties = properties;
    }

    @Override
    public void publishOrder(String eventId, Order order, Instant receivedAt) {
        OrderPlaced event = OrderPlaced.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(order.occurredAt())
                .setCustomerId(order.customerId())
                .setOrderId(order.orderId())
                .setStoreId(order.storeId())
                .setAmount(order.amount().minorUnits())
                .setCurrency(order.amount().currency().getCurrencyCode())
                .setChannel(SalesChannel.valueOf(order.channel().name()))
                .setReceivedAt(receivedAt)
                .build();
        send(order.customerId(), event);
    }

    private void send(String key, SpecificRecord event) {
        try {
            kafka.send(properties.topic(), key, event).get(properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventLogUnavailableException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new EventLogUnavailableException(e);
        }
    }
}
