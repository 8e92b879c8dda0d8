package dev.loyalty.engine;

import dev.loyalty.engine.domain.AccountEvent;
import dev.loyalty.engine.domain.CustomerAccount;
import dev.loyalty.engine.domain.LoyaltyProgram;
import dev.loyalty.engine.domain.TierPolicy;
import dev.loyalty.schemas.events.OrderPlaced;
import dev.loyalty.schemas.events.OrderReturned;
import dev.loyalty.schemas.events.PointsChanged;
import dev.loyalty.support.test.MongoStandIn;
import dev.loyalty.support.test.TopicReader;
import dev.loyalty.support.test.TopicWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

/**
 * Two instances, a second joining mid-stream and leaving again (two rebalances, redelivered batches):
 * every customer ends exactly as one in-order pass over their events leaves them, and each change
 * sequence number is published under one event id only.
 */
@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 6, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class RebalanceIT {

    private static final int CUSTOMERS = 40;
    private static final int EVENTS = 4_000;

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MongoStandIn.uri("loyalty-rebalance"));
    }

    @Autowired
    MockMvc http;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void aSecondInstanceJoiningAndLeavingMidStreamChangesNoTotal() throws Exception {
        List<SpecificRecord> stream = generate(new Random(42));
        Map<String, CustomerAccount> expected = singleInOrderPass(stream);

        ConfigurableApplicationContext second;
        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            for (int i = 0; i < EVENTS / 2; i++) {
                writer.publish("pos.order-events", customerOf(stream.get(i)), stream.get(i));
            }
            second = new SpringApplicationBuilder(LoyaltyApplication.class).run("--server.port=0",
                    "--spring.kafka.bootstrap-servers=" + bootstrapServers,
                    "--spring.mongodb.uri=" + MongoStandIn.uri("loyalty-rebalance"),
                    "--spring.main.banner-mode=off");
            for (int i = EVENTS / 2; i < EVENTS * 3 / 4; i++) {
                writer.publish("pos.order-events", customerOf(stream.get(i)), stream.get(i));
            }
            second.close();
            for (int i = EVENTS * 3 / 4; i < EVENTS; i++) {
                writer.publish("pos.order-events", customerOf(stream.get(i)), stream.get(i));
            }
        }

        for (CustomerAccount account : expected.values()) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> http.perform(get("/api/v1/customers/" + account.customerId()))
                    .andExpect(jsonPath("$.lifetimeSpend").value(account.lifetimeSpend()))
                    .andExpect(jsonPath("$.points.balance").value(account.pointsBalance())));
        }
        try (TopicReader reader = new TopicReader(bootstrapServers, "loyalty.account-changes")) {
            List<ConsumerRecord<String, SpecificRecord>> changes = reader.readFor(Duration.ofSeconds(3));
            Map<String, Map<Long, List<String>>> idsBySequence = new HashMap<>();
            for (ConsumerRecord<String, SpecificRecord> record : changes) {
                if (record.value() instanceof PointsChanged p) {
                    idsBySequence.computeIfAbsent(p.getCustomerId(), c -> new HashMap<>())
                            .computeIfAbsent(p.getSequence(), s -> new ArrayList<>()).add(p.getEventId());
                }
            }
            for (CustomerAccount account : expected.values()) {
                Map<Long, List<String>> sequences = idsBySequence.getOrDefault(account.customerId(), Map.of());
                assertThat(sequences.keySet()).as(account.customerId()).hasSize((int) account.lastSequence());
                sequences.values().forEach(ids -> assertThat(ids.stream().distinct().count()).isEqualTo(1));
            }
        }
    }

    /** Orders and partial returns (some before their order, some excessive) for a few customers. */
    private static List<SpecificRecord> generate(Random random) {
        List<SpecificRecord> stream = new ArrayList<>();
        Map<String, List<String>> ordersOf = new HashMap<>();
        Instant at = Instant.parse("2026-11-01T03:00:00Z");
        for (int i = 0; i < EVENTS; i++) {
            String customer = "rb-" + random.nextInt(CUSTOMERS);
            List<String> orders = ordersOf.computeIfAbsent(customer, c -> new ArrayList<>());
            at = at.plusSeconds(30);
            if (orders.isEmpty() || random.nextInt(10) < 8) {
                String orderId = customer + "-o" + i;
                orders.add(orderId);
                stream.add(OrderPlaced.newBuilder().setEventId("ev-" + i).setOccurredAt(at).setCustomerId(customer)
                        .setOrderId(orderId).setStoreId("s").setAmount(10_000L * (1 + random.nextInt(500))).setCurrency("VND")
                        .setReceivedAt(at).build());
            } else {
                String orderId = orders.get(random.nextInt(orders.size()));
                stream.add(OrderReturned.newBuilder().setEventId("ev-" + i).setOccurredAt(at).setCustomerId(customer)
                        .setReturnId("ret-" + i).setOrderId(orderId).setAmount(10_000L * (1 + random.nextInt(100)))
                        .setCurrency("VND").setReceivedAt(at).build());
            }
        }
        return stream;
    }

    private static Map<String, CustomerAccount> singleInOrderPass(List<SpecificRecord> stream) {
        Map<String, CustomerAccount> accounts = new HashMap<>();
        for (SpecificRecord record : stream) {
            AccountEvent event = record instanceof OrderPlaced o
                    ? new AccountEvent.OrderPlaced(o.getEventId(), o.getCustomerId(), o.getOrderId(), o.getAmount(), o.getOccurredAt())
                    : toReturn((OrderReturned) record);
            CustomerAccount account = accounts.getOrDefault(event.customerId(), CustomerAccount.newCustomer(event.customerId()));
            try {
                accounts.put(event.customerId(), account.apply(event, LoyaltyProgram.DEFAULT, TierPolicy.NONE, Instant.now()).account());
            } catch (RuntimeException ruleViolation) {
                accounts.put(event.customerId(), account); // dead-lettered: changes nothing
            }
        }
        return accounts.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static AccountEvent toReturn(OrderReturned r) {
        return new AccountEvent.OrderReturned(r.getEventId(), r.getCustomerId(), r.getReturnId(), r.getOrderId(), r.getAmount(), r.getOccurredAt());
    }

    private static String customerOf(SpecificRecord record) {
        return String.valueOf(record.get(record.getSchema().getField("customerId").pos()));
    }
}
