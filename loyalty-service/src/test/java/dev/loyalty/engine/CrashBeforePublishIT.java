package dev.loyalty.engine;

import dev.loyalty.engine.application.AccountChangePublisher;
import dev.loyalty.schemas.events.OrderPlaced;
import dev.loyalty.schemas.events.PointsChanged;
import dev.loyalty.support.test.MongoStandIn;
import dev.loyalty.support.test.TopicReader;
import dev.loyalty.support.test.TopicWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doThrow;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

/**
 * The service "dies" after storing an order's effect in MongoDB and before publishing it (the publish
 * throws once, the batch is not acknowledged): the redelivered batch counts nothing twice and the
 * change still comes out, under one event id.
 */
@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class CrashBeforePublishIT {

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MongoStandIn.uri("loyalty-crash"));
    }

    @MockitoSpyBean
    AccountChangePublisher publisher;

    @Autowired
    MockMvc http;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void aCrashBetweenTheWriteAndThePublishStillPublishesTheChangeOnceAndCountsTheOrderOnce() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        doThrow(new IllegalStateException("crash after the MongoDB write")).doCallRealMethod().when(publisher).publish(anyList());

        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            writer.publish("pos.order-events", customer, OrderPlaced.newBuilder().setEventId(UUID.randomUUID().toString())
                    .setOccurredAt(Instant.parse("2026-11-24T03:00:00Z")).setCustomerId(customer).setOrderId("o-1")
                    .setStoreId("s-1").setAmount(2_800_000).setCurrency("VND").setReceivedAt(Instant.now()).build());
        }

        try (TopicReader reader = new TopicReader(bootstrapServers, "loyalty.account-changes")) {
            List<ConsumerRecord<String, SpecificRecord>> seen = reader.readUntil(
                    r -> r.value() instanceof PointsChanged p && p.getCustomerId().equals(customer), Duration.ofSeconds(20));
            seen = reader.readFor(Duration.ofSeconds(2));
            List<PointsChanged> changes = seen.stream().map(ConsumerRecord::value)
                    .filter(v -> v instanceof PointsChanged p && p.getCustomerId().equals(customer)).map(PointsChanged.class::cast).toList();
            assertThat(changes).isNotEmpty();
            assertThat(changes.stream().map(PointsChanged::getEventId).distinct()).hasSize(1);
            assertThat(changes.get(0).getPointsDelta()).isEqualTo(280);
        }
        org.mockito.Mockito.verify(publisher, org.mockito.Mockito.atLeast(2)).publish(anyList()); // the crash did happen
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> http.perform(get("/api/v1/customers/" + customer))
                .andExpect(jsonPath("$.points.balance").value(280))
                .andExpect(jsonPath("$.lifetimeSpend").value(2_800_000)));
    }
}
