package dev.loyalty.engine;

import dev.loyalty.schemas.events.ChangeReason;
import dev.loyalty.schemas.events.OrderPlaced;
import dev.loyalty.schemas.events.OrderReturned;
import dev.loyalty.schemas.events.PointsChanged;
import dev.loyalty.support.test.MongoStandIn;
import dev.loyalty.support.test.TopicReader;
import dev.loyalty.support.test.TopicWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class OrderEventsApplyIT {

    private static final String ORDERS = "pos.order-events";
    private static final String CHANGES = "loyalty.account-changes";

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MongoStandIn.uri("loyalty-apply"));
    }

    @Autowired
    MockMvc http;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Value("${spring.kafka.consumer.group-id}")
    String groupId;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void givenAnOrderOnTheEventLogThenTheCustomerHasItsSpendAndPointsAndAPointsChangedIsPublished() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        OrderPlaced order = order(customer, "o-1", 2_800_000);

        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            writer.publish(ORDERS, customer, order);
        }

        awaitCustomer(customer, 2_800_000, 280);
        PointsChanged change = changesOf(customer, 1).get(0);
        assertThat(change.getPointsDelta()).isEqualTo(280);
        assertThat(change.getPointsBalance()).isEqualTo(280);
        assertThat(change.getSequence()).isEqualTo(1);
        assertThat(change.getReason()).isEqualTo(ChangeReason.ORDER);
        assertThat(change.getSourceEventId()).isEqualTo(order.getEventId());
    }

    @Test
    void theSameEventDeliveredTwiceCountsOnceAndPublishesOneChange() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        OrderPlaced order = order(customer, "o-1", 500_000);
        OrderPlaced next = order(customer, "o-2", 100_000);

        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            writer.publish(ORDERS, customer, order);
            writer.publish(ORDERS, customer, order);
            writer.publish(ORDERS, customer, next);
        }

        awaitCustomer(customer, 600_000, 60);
        List<PointsChanged> changes = changesOf(customer, 2);
        assertThat(changes).extracting(PointsChanged::getSequence).containsExactly(1L, 2L);
    }

    @Test
    void givenBatchesAlreadyAppliedWhenTheWholeTopicIsDeliveredAgainThenNoTotalMovesAndNoNewChangeComesOut() throws Exception {
        List<String> customers = List.of("c-" + UUID.randomUUID(), "c-" + UUID.randomUUID(), "c-" + UUID.randomUUID());
        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            for (String customer : customers) {
                for (int o = 1; o <= 5; o++) {
                    writer.publish(ORDERS, customer, order(customer, customer + ":o-" + o, o * 100_000L)); // order ids are global
                }
                writer.publish(ORDERS, customer, OrderReturned.newBuilder().setEventId(UUID.randomUUID().toString())
                        .setOccurredAt(Instant.parse("2026-11-25T03:00:00Z")).setCustomerId(customer).setReturnId("r-1")
                        .setOrderId(customer + ":o-5").setAmount(200_000).setCurrency("VND").setReceivedAt(Instant.now()).build());
            }
        }
        for (String customer : customers) {
            awaitCustomer(customer, 1_300_000, 130); // 1.5M of orders less a 200,000 return, at 1 point per 10,000
        }
        List<String> published = changeIdsOf(customers);
        assertThat(published).hasSize(18).doesNotHaveDuplicates(); // 5 orders and 1 return each

        // Kafka delivers every batch of the topic again, as after a lost commit: the group is rewound to the start
        listeners.getListenerContainer("loyalty-order-events").stop();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            admin.describeTopics(List.of(ORDERS)).allTopicNames().get().get(ORDERS).partitions()
                    .forEach(p -> start.put(new TopicPartition(ORDERS, p.partition()), new OffsetAndMetadata(0)));
            // the stopped consumers leave the group; the rewind is accepted once it is empty
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .untilAsserted(() -> admin.alterConsumerGroupOffsets(groupId, start).all().get());
            listeners.getListenerContainer("loyalty-order-events").start();
            await().atMost(Duration.ofSeconds(30)).until(() -> caughtUp(admin));
        }

        for (String customer : customers) {
            awaitCustomer(customer, 1_300_000, 130);
        }
        // A rewind cannot be told from a crash before the publish: each customer's last batch publishes its changes
        // again, under the same ids (consumers dedupe). No other change, and no new one, comes out.
        List<String> after = changeIdsOf(customers);
        assertThat(after.stream().distinct().sorted().toList()).as("the same changes").isEqualTo(published);
        assertThat(after.size() - published.size()).as("republished: at most the 6 changes of each customer's last batch")
                .isLessThanOrEqualTo(18);
    }

    @Test
    void givenAnOrderTheGroupHasCommittedWhenTheCustomerRedeemsThenOnlyTheRedemptionIsPublishedNotTheOrderAgain() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            writer.publish(ORDERS, customer, order(customer, customer + ":o-1", 1_000_000));
        }
        awaitCustomer(customer, 1_000_000, 100);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> caughtUp(admin));
        }
        Thread.sleep(1_100); // the service asks the committed offsets at most once a second

        http.perform(post("/api/v1/customers/" + customer + "/redemptions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"redemptionId\":\"red-1\",\"points\":40}")).andExpect(status().isCreated());

        assertThat(changesOf(customer, 2)).extracting(PointsChanged::getSequence).as("the order's change is not published again")
                .containsExactly(1L, 2L);
    }

    private boolean caughtUp(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().stream().filter(tp -> tp.topic().equals(ORDERS)).forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get();
        return !latest.isEmpty() && latest.keySet().stream().allMatch(tp -> committed.get(tp).offset() >= ends.get(tp).offset());
    }

    /** Event ids of every PointsChanged published so far for these customers, in topic order per partition. */
    private List<String> changeIdsOf(List<String> customers) {
        try (TopicReader reader = new TopicReader(bootstrapServers, CHANGES)) {
            return reader.readFor(Duration.ofSeconds(3)).stream().map(ConsumerRecord::value)
                    .filter(v -> v instanceof PointsChanged p && customers.contains(p.getCustomerId()))
                    .map(v -> ((PointsChanged) v).getEventId()).sorted().toList();
        }
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicWithItsReasonAndTheNextOrderStillApplies() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            writer.publishRaw(ORDERS, customer, "not avro".getBytes(StandardCharsets.UTF_8));
            writer.publish(ORDERS, customer, order(customer, "o-1", 100_000));
        }

        awaitCustomer(customer, 100_000, 10);
        try (KafkaConsumer<String, byte[]> dlt = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            dlt.subscribe(List.of(ORDERS + "-dlt"));
            List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                dlt.poll(Duration.ofMillis(200)).forEach(dead::add);
                return dead.stream().anyMatch(r -> customer.equals(r.key()));
            });
            ConsumerRecord<String, byte[]> letter = dead.stream().filter(r -> customer.equals(r.key())).findFirst().orElseThrow();
            assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
            assertThat(new String(letter.headers().lastHeader(dev.loyalty.support.KafkaErrorHandling.REASON_HEADER).value(), StandardCharsets.UTF_8))
                    .contains("marker");
        }
    }

    @Test
    void anAnonymousOrderIsSkippedAndAnUnknownCustomerIsNotFound() throws Exception {
        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            writer.publish(ORDERS, null, order(null, "o-anon", 100_000));
        }
        http.perform(get("/api/v1/customers/never-seen"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://loyalty.dev/problems/not-found"));
    }

    @Test
    void healthIsUpAgainstTheMongoStandIn() throws Exception {
        http.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.components.mongo.status").value("UP"));
    }

    private void awaitCustomer(String customer, long spend, long points) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> http.perform(get("/api/v1/customers/" + customer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.lifetimeSpend").value(spend))
                .andExpect(jsonPath("$.points.balance").value(points)));
    }

    private List<PointsChanged> changesOf(String customer, int expected) {
        try (TopicReader reader = new TopicReader(bootstrapServers, CHANGES)) {
            reader.readUntil(r -> false, Duration.ofMillis(1)); // join the group before reading on
            List<ConsumerRecord<String, SpecificRecord>> all = reader.readUntil(
                    r -> r.value() instanceof PointsChanged p && p.getCustomerId().equals(customer) && p.getSequence() == expected,
                    Duration.ofSeconds(15));
            // a little longer, so a duplicate publish would be seen too
            all = reader.readFor(Duration.ofSeconds(1));
            return all.stream().map(ConsumerRecord::value)
                    .filter(v -> v instanceof PointsChanged p && p.getCustomerId().equals(customer))
                    .map(PointsChanged.class::cast).toList();
        }
    }

    private static OrderPlaced order(String customer, String orderId, long amount) {
        return OrderPlaced.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.parse("2026-11-24T03:15:00Z"))
                .setCustomerId(customer).setOrderId(orderId).setStoreId("s-1").setAmount(amount).setCurrency("VND")
                .setReceivedAt(Instant.now()).build();
    }
}
