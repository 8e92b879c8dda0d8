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
 * returned, so after its changes were published. One admin request per question (a recalculation
 * chunk, a redemption), never per event.
 */
@Component
class KafkaOrderEventsProgress implements OrderEventsProgress, DisposableBean {

    private static final LogAccessor LOG = new LogAccessor(KafkaOrderEventsProgress.class);

    private final Admin admin;
    private final String groupId;
    private final String topic;

    KafkaOrderEventsProgress(KafkaAdmin kafkaAdmin, @Value("${spring.kafka.consumer.group-id}") String groupId,
                             LoyaltyProperties properties) {
        this.admin = Admin.create(kafkaAdmin.getConfigurationProperties()); // connects on its first request
        this.groupId = groupId;
        this.topic = properties.orderEventsTopic();
    }

    @Override
    public HandledPositions handled() {
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
            return HandledPositions.NONE;
        } catch (Exception e) {
            LOG.warn(() -> "Committed offsets of " + groupId + " unknown (" + e.getMessage() + "): pending changes are published again");
            return HandledPositions.NONE;
        }
    }

    @Override
    public void destroy() {
        admin.close();
    }
}
