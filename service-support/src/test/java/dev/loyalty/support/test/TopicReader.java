package dev.loyalty.support.test;

import dev.loyalty.schemas.AvroEventDeserializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** Reads a topic from the beginning, decoding events, for assertions in integration tests. */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, SpecificRecord> consumer;
    private final List<ConsumerRecord<String, SpecificRecord>> seen = new ArrayList<>();

    public TopicReader(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new AvroEventDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** Every record seen so far after polling until {@code until} matches one, or the timeout passes. */
    public List<ConsumerRecord<String, SpecificRecord>> readUntil(Predicate<ConsumerRecord<String, SpecificRecord>> until, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen.stream().noneMatch(until) && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return List.copyOf(seen);
    }

    /** Polls for {@code duration} and returns everything seen (to assert that nothing more arrives). */
    public List<ConsumerRecord<String, SpecificRecord>> readFor(Duration duration) {
        return readUntil(r -> false, duration);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
