package dev.loyalty.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.loyalty.schemas.AvroEventDeserializer;
import dev.loyalty.schemas.Topics;
import dev.loyalty.schemas.events.OrderPlaced;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The POS is never told "accepted" for what Kafka does not have: with no broker an order gets a 503
 * problem; once the broker is up, the same request is accepted, and the log holds it under that one event id.
 */
class BrokerOutageE2EIT {

    private static List<String> orderEventIdsOnTheLog(String bootstrapServers, String orderId) {
        try (KafkaConsumer<String, SpecificRecord> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "outage-check", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new AvroEventDeserializer())) {
            consumer.subscribe(List.of(Topics.POS_ORDER_EVENTS_NAME));
            List<String> eventIds = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.value() instanceof OrderPlaced order && order.getOrderId().equals(orderId)) {
                        eventIds.add(order.getEventId());
                    }
                });
                if (!eventIds.isEmpty()) {
                    consumer.poll(Duration.ofSeconds(1)).forEach(r -> {
                        if (r.value() instanceof OrderPlaced order && order.getOrderId().equals(orderId)) {
                            eventIds.add(order.getEventId());
                        }
                    });
                    break;
                }
            }
            return eventIds;
        }
    }

    @Test
    void whileTheBrokerIsDownAnOrderIs503AndOnceItIsUpTheRetryIsAcceptedWithTheSameEventId(@TempDir Path dataDir) throws IOException {
        int kafkaPort = KafkaBroker.freePort();
        Services.Ports ports = new Services.Ports(KafkaBroker.freePort(), KafkaBroker.freePort(), KafkaBroker.freePort());
        PlatformClient client = new PlatformClient(ports);
        System.setProperty("spring.kafka.producer.properties.max.block.ms", "1500");
        System.setProperty("orders.publish-timeout", "2s");
        System.setProperty("spring.kafka.admin.operation-timeout", "2s"); // do not wait long for topics at start-up
        try (MongoStandInServer mongo = MongoStandInServer.start(null, KafkaBroker.freePort());
             Services services = Services.start("127.0.0.1:" + kafkaPort, mongo.uri(""), ports, 3)) {

            PlatformClient.Response refused = client.postOrder("o-outage", "c-outage", 100_000, "2026-11-24T10:15:00+07:00");
            assertThat(refused.status()).as(refused.body()).isEqualTo(503);
            assertThat((String) refused.read("$.type")).endsWith("/event-log-unavailable");

            try (KafkaBroker broker = KafkaBroker.start(dataDir, kafkaPort, 3)) {
                LocalStack.createTopics(broker.bootstrapServers(), 3); // as operators (or the stack) do
                PlatformClient.Response[] accepted = new PlatformClient.Response[1];
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    accepted[0] = client.postOrder("o-outage", "c-outage", 100_000, "2026-11-24T10:15:00+07:00");
                    return accepted[0].status() == 202;
                });
                assertThat((String) accepted[0].read("$.status")).isEqualTo("ACCEPTED");

                assertThat(orderEventIdsOnTheLog(broker.bootstrapServers(), "o-outage"))
                        .containsOnly((String) accepted[0].read("$.eventId"));
            }
        } finally {
            System.clearProperty("spring.kafka.producer.properties.max.block.ms");
            System.clearProperty("orders.publish-timeout");
            System.clearProperty("spring.kafka.admin.operation-timeout");
        }
    }
}
