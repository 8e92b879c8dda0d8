package dev.loyalty.support;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaAdmin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How many records each of a service's dead-letter topics holds ({@code dead_letter_topic_records{topic}}, the sum
 * of its partitions' end offsets): whoever wrote them, this service or another client. Asked of the broker at most
 * every {@link #REFRESH}, on scrape; when the broker cannot be asked, the last answer stands.
 */
public final class DeadLetterTopicSizes implements AutoCloseable {

    public static final String METRIC = "dead.letter.topic.records";
    static final Duration REFRESH = Duration.ofSeconds(30);

    private final Admin admin;
    private final Clock clock;
    private final List<String> topics;
    private final Map<String, Double> sizes = new HashMap<>();
    private Instant askedAt = Instant.EPOCH;

    public DeadLetterTopicSizes(KafkaAdmin kafkaAdmin, List<String> topics, MeterRegistry metrics, Clock clock) {
        this.admin = Admin.create(kafkaAdmin.getConfigurationProperties());
        this.clock = clock;
        this.topics = List.copyOf(topics);
        for (String topic : topics) {
            Gauge.builder(METRIC, this, sizes -> sizes.size(topic)).tag("topic", topic)
                    .description("Records in the dead-letter topic (end offsets)").register(metrics);
        }
    }

    synchronized double size(String topic) {
        Instant now = clock.instant();
        if (Duration.between(askedAt, now).compareTo(REFRESH) >= 0) {
            askedAt = now;
            topics.forEach(this::refresh);
        }
        return sizes.getOrDefault(topic, Double.NaN);
    }

    private void refresh(String topic) {
        try {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            double total = admin.listOffsets(latest).all().get(5, TimeUnit.SECONDS).values().stream().mapToLong(o -> o.offset()).sum();
            sizes.put(topic, total);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // the broker is away or the topic not created yet: the last answer stands (NaN before any)
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
