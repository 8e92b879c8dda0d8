package dev.loyalty.engine.adapter.out.kafka;

import dev.loyalty.engine.application.HandledPositions;
import dev.loyalty.engine.application.OrderEventsProgress;
import dev.loyalty.engine.config.LoyaltyProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The order-events consumer group's committed offsets: a batch is committed only after its listener
 * returned, so after its changes were published. Asked at most once a second (callers ask per customer:
 * a month-end sweep, a recalculation chunk): an older answer is still true, as what was handled stays handled, it only
 * covers less, and whatever it does not cover is published again, never lost.
 */
@Component
class KafkaOrderEventsProgress implements OrderEventsProgress, DisposableBean {

    private static final LogAccessor LOG = new LogAccessor(KafkaOrderEventsProgress.class);

    private static final long FRESH_FOR_NANOS = 1_000_000_000L;

    private final Admin admin;
    private final String groupId;
    private final String topic;
    private volatile HandledPositions last = HandledPositions.NONE;
    private volatile long askedAt = System.nanoTime() - FRESH_FOR_NANOS;

    KafkaOrderEventsProgress(KafkaAdmin kafkaAdmin, @Value("${spring.kafka.consumer.group-id}") String groupId,
                             LoyaltyProperties properties) {
        this.admin = Admin.create(kafkaAdmin.getConfigurationProperties()); // connects on its first request
        this.groupId = groupId;
        this.topic = properties.orderEventsTopic();
    }

    @Override
    public HandledPositions handled() {
        if (System.nanoTime() - askedAt < FRESH_FOR_NANOS) {
            return last;
        }
        HandledPositions answer = ask();
        if (answer != null) {
            last = answer;
        }
        askedAt = System.nanoTime();
        return last;
    }

    /** @return null when the broker cannot answer (the last answer still holds) */
    private HandledPositions ask() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            Map<Integer, Long> before = new HashMap<>();
            committed.forEach((partition, offset) -> {
                if (partition.topic().equals(topic) && offset != null) {
                    before.put(partition.partition(), offset.offset());
                }
            });
            return new HandledPositions(before);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            LOG.warn(() -> "Committed offsets of " + groupId + " unknown (" + e.getMessage() + "): changes they would cover are published again");
            return null;
        }
    }

    @Override
    public void destroy() {
        admin.close();
    }
}
