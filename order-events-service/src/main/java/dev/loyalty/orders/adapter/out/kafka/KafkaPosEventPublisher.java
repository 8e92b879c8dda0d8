package dev.loyalty.orders.adapter.out.kafka;

import dev.loyalty.orders.application.PosEventPublisher;
import dev.loyalty.orders.config.OrderEventsProperties;
import dev.loyalty.orders.domain.OpeningBalance;
import dev.loyalty.orders.domain.Order;
import dev.loyalty.orders.domain.OrderReturn;
import dev.loyalty.orders.domain.EventIds;
import dev.loyalty.schemas.events.OpeningBalanceImported;
import dev.loyalty.schemas.events.OrderPlaced;
import dev.loyalty.schemas.events.OrderReturned;
import dev.loyalty.schemas.events.SalesChannel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Publishes POS events keyed by customerId and waits for the broker's acks=all acknowledgement. */
@Component
class KafkaPosEventPublisher implements PosEventPublisher {

    private final KafkaTemplate<String, SpecificRecord> kafka;
    private final OrderEventsProperties properties;
    private final Timer publishLatency;

    KafkaPosEventPublisher(KafkaTemplate<String, SpecificRecord> kafka, OrderEventsProperties properties, MeterRegistry metrics) {
        this.kafka = kafka;
        this.properties = properties;
        this.publishLatency = Timer.builder("pos.publish.latency")
                .description("Time from send to the broker's acknowledgement")
                .publishPercentileHistogram().register(metrics);
    }

    @Override
    public void publishOrder(String eventId, Order order, Instant receivedAt) {
        await(List.of(send(order.customerId(), OrderPlaced.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(order.occurredAt())
                .setCustomerId(order.customerId())
                .setOrderId(order.orderId())
                .setStoreId(order.storeId())
                .setAmount(order.amount().minorUnits())
                .setCurrency(order.amount().currency().getCurrencyCode())
                .setChannel(SalesChannel.valueOf(order.channel().name()))
                .setReceivedAt(receivedAt)
                .build())));
    }

    @Override
    public void publishReturn(String eventId, OrderReturn orderReturn, Instant receivedAt) {
        await(List.of(send(orderReturn.customerId(), OrderReturned.newBuilder()
                .setEventId(eventId)
                .setOccurredAt(orderReturn.occurredAt())
                .setCustomerId(orderReturn.customerId())
                .setReturnId(orderReturn.returnId())
                .setOrderId(orderReturn.orderId())
                .setAmount(orderReturn.amount().minorUnits())
                .setCurrency(orderReturn.amount().currency().getCurrencyCode())
                .setReceivedAt(receivedAt)
                .build())));
    }

    @Override
    public void publishOpeningBalances(List<OpeningBalance> rows) {
        List<CompletableFuture<?>> sends = new ArrayList<>(rows.size());
        for (OpeningBalance row : rows) {
            sends.add(send(row.customerId(), OpeningBalanceImported.newBuilder()
                    .setEventId(EventIds.forImportRow(row.importId(), row.line()))
                    .setOccurredAt(row.asOf())
                    .setCustomerId(row.customerId())
                    .setImportId(row.importId())
                    .setSource(row.source())
                    .setLifetimeSpend(row.lifetimeSpend().minorUnits())
                    .setCurrency(row.lifetimeSpend().currency().getCurrencyCode())
                    .setFirstPurchaseAt(row.firstPurchaseAt())
                    .setActor(row.importedBy())
                    .build()));
        }
        await(sends);
    }

    private CompletableFuture<?> send(String key, SpecificRecord event) {
        long started = System.nanoTime();
        try {
            return kafka.send(properties.topic(), key, event)
                    .whenComplete((result, error) -> publishLatency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS));
        } catch (RuntimeException e) {
            // send() itself fails when the cluster's metadata cannot be had within max.block.ms
            throw new EventLogUnavailable(e);
        }
    }

    private void await(List<CompletableFuture<?>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EventLogUnavailable(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new EventLogUnavailable(e);
        }
    }
}
