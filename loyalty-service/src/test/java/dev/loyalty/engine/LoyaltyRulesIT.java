package dev.loyalty.engine;

import com.jayway.jsonpath.JsonPath;
import dev.loyalty.schemas.events.OrderPlaced;
import dev.loyalty.schemas.events.OrderReturned;
import dev.loyalty.schemas.events.TierChanged;
import dev.loyalty.schemas.events.TierDirection;
import dev.loyalty.support.KafkaErrorHandling;
import dev.loyalty.support.test.MongoStandIn;
import dev.loyalty.support.test.TopicReader;
import dev.loyalty.support.test.TopicWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The seeds' examples and the engine's rules, end to end on the embedded broker and the MongoDB stand-in. */
@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class LoyaltyRulesIT {

    private static final String ORDERS = "pos.order-events";
    private static final String CHANGES = "loyalty.account-changes";

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MongoStandIn.uri("loyalty-rules"));
    }

    @Autowired
    MockMvc http;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void bronzeAt2800000Plus500000IsGoldAtOnceAndTheReturnBringsItBackToBronze() throws Exception {
        useSeedTiers();
        String customer = "c-" + UUID.randomUUID();

        publish(order(customer, "o-1", 2_800_000));
        awaitCustomer(customer, "$.tier.code", "BRONZE");
        publish(order(customer, "o-2", 500_000));
        awaitCustomer(customer, "$.tier.code", "GOLD");
        http.perform(get("/api/v1/customers/" + customer)).andExpect(jsonPath("$.tier.name").value("Gold"))
                .andExpect(jsonPath("$.lifetimeSpend").value(3_300_000));
        publish(returnOf(customer, "r-1", "o-2", 500_000));
        awaitCustomer(customer, "$.tier.code", "BRONZE");

        List<TierChanged> tierChanges = changesOf(customer, TierChanged.class, 3);
        assertThat(tierChanges).extracting(TierChanged::getTierAfter).containsExactly("BRONZE", "GOLD", "BRONZE");
        assertThat(tierChanges).extracting(TierChanged::getDirection)
                .containsExactly(TierDirection.PROMOTED, TierDirection.PROMOTED, TierDirection.DEMOTED);
    }

    @Test
    void aDiamondWith150PointsAndALockOf100Spends50AndNoMore() throws Exception {
        useSeedTiers();
        String customer = "c-" + UUID.randomUUID();
        publish(order(customer, "o-1", 10_000_000));
        awaitCustomer(customer, "$.tier.code", "DIAMOND");
        redeem(customer, "setup", 850).andExpect(status().isCreated());
        http.perform(get("/api/v1/customers/" + customer))
                .andExpect(jsonPath("$.points.balance").value(150))
                .andExpect(jsonPath("$.points.redeemable").value(50));

        redeem(customer, "red-too-much", 51)
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://loyalty.dev/problems/insufficient-points"));
        redeem(customer, "red-1", 50).andExpect(status().isCreated())
                .andExpect(jsonPath("$.pointsRedeemed").value(50))
                .andExpect(jsonPath("$.balance").value(100))
                .andExpect(jsonPath("$.redeemable").value(0));
        redeem(customer, "red-1", 50).andExpect(status().isOk()).andExpect(jsonPath("$.balance").value(100));
        redeem(customer, "red-1", 40).andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://loyalty.dev/problems/idempotency-conflict"));
        redeem("nobody-" + UUID.randomUUID(), "red-x", 1).andExpect(status().isNotFound());
        redeem(customer, "red-2", 0).andExpect(status().isBadRequest());
        http.perform(post("/api/v1/customers/" + customer + "/redemptions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"redemptionId\":\"red-3\",\"points\":1.5}")).andExpect(status().isBadRequest());
        http.perform(get("/api/v1/program")).andExpect(jsonPath("$.message").doesNotExist());
    }

    @Test
    void fiftyConcurrentRedemptionsOnOneCustomerNeverOverspend() throws Exception {
        useSeedTiers();
        String customer = "c-" + UUID.randomUUID();
        publish(order(customer, "o-1", 1_000_000)); // 100 points, Bronze? no: below 2,000,000, no tier, no lock
        awaitCustomer(customer, "$.points.balance", 100);

        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String id = "race-" + i;
            results.add(pool.submit(() -> redeem(customer, id, 3).andReturn().getResponse().getStatus()));
        }
        long created = 0;
        long refused = 0;
        for (Future<Integer> result : results) {
            int code = result.get();
            created += code == 201 ? 1 : 0;
            refused += code == 409 ? 1 : 0;
        }
        pool.shutdown();

        assertThat(created).isEqualTo(33);
        assertThat(refused).isEqualTo(17);
        http.perform(get("/api/v1/customers/" + customer)).andExpect(jsonPath("$.points.balance").value(1));
    }

    @Test
    void aReturnOfMoreThanRemainsGoesToTheDeadLetterTopicAndChangesNothing() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        publish(order(customer, "o-1", 100_000));
        awaitCustomer(customer, "$.points.balance", 10);

        publish(returnOf(customer, "r-1", "o-1", 150_000));
        publish(order(customer, "o-2", 100_000));
        awaitCustomer(customer, "$.points.balance", 20);

        http.perform(get("/api/v1/customers/" + customer)).andExpect(jsonPath("$.lifetimeSpend").value(200_000));
        assertThat(deadLetterReasonFor(customer)).contains("exceeds what remains of order " + customer + ":o-1 (100000)");
    }

    @Test
    void aReturnThatArrivesBeforeItsOrderIsAppliedWhenTheOrderArrives() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        publish(returnOf(customer, "r-1", "o-1", 40_000));
        publish(order(customer, "o-1", 100_000));

        awaitCustomer(customer, "$.lifetimeSpend", 60_000);
        http.perform(get("/api/v1/customers/" + customer)).andExpect(jsonPath("$.points.balance").value(6));
    }

    @Test
    void aReturnNamingAnotherCustomerThanItsOrdersGoesToTheDeadLetterTopic() throws Exception {
        String owner = "c-" + UUID.randomUUID();
        String other = "c-" + UUID.randomUUID();
        publish(order(owner, "o-1", 100_000));
        awaitCustomer(owner, "$.points.balance", 10);

        publish(OrderReturned.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.parse("2026-11-25T03:15:00Z"))
                .setCustomerId(other).setReturnId("r-x").setOrderId(owner + ":o-1").setAmount(50_000).setCurrency("VND")
                .setReceivedAt(Instant.now()).build());

        assertThat(deadLetterReasonFor(other)).contains("belongs to another customer");
        http.perform(get("/api/v1/customers/" + other)).andExpect(status().isNotFound());
        http.perform(get("/api/v1/customers/" + owner)).andExpect(jsonPath("$.lifetimeSpend").value(100_000));
    }

    @Test
    void tierEditsAreValidatedAndATierInUseCannotBeDeleted() throws Exception {
        useSeedTiers();
        putTier("SILVER", "{\"name\":\"Silver\",\"minSpend\":2500000,\"earnRate\":{\"spend\":10000,\"points\":1},\"minPointBalance\":0,\"active\":true}")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("https://loyalty.dev/problems/tier-overlap"));
        putTier("SILVER", "{\"name\":\"Silver\",\"minSpend\":-1,\"maxSpend\":5,\"earnRate\":{\"spend\":0,\"points\":-1},\"minPointBalance\":-3,\"active\":true}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.hasItems(
                        "minSpend", "earnRate.spend", "earnRate.points", "minPointBalance")));
        putTier("SILVER", "{\"name\":\"Silver\",\"minSpend\":\"1000\",\"earnRate\":{\"spend\":10000,\"points\":1},\"minPointBalance\":0,\"active\":true}")
                .andExpect(status().isBadRequest());
        putTier("BRONZE", "{\"name\":\"Bronze\",\"minSpend\":2000000,\"maxSpend\":3000000,\"earnRate\":{\"spend\":10000,\"points\":1},\"minPointBalance\":0,\"active\":true}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString("move no customer")));

        String customer = "c-" + UUID.randomUUID();
        publish(order(customer, "o-1", 2_500_000));
        awaitCustomer(customer, "$.tier.code", "BRONZE");
        http.perform(delete("/api/v1/tiers/BRONZE")).andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://loyalty.dev/problems/tier-in-use"));
        http.perform(delete("/api/v1/tiers/NO-SUCH")).andExpect(status().isNotFound());
        http.perform(get("/api/v1/tiers")).andExpect(jsonPath("$[*].code").value(org.hamcrest.Matchers.hasItems("BRONZE", "GOLD", "DIAMOND")));
    }

    @Test
    void theProgramIsValidatedAndItsDefaultsAreInForceUntilSaved() throws Exception {
        http.perform(get("/api/v1/program"))
                .andExpect(jsonPath("$.currency").value("VND"))
                .andExpect(jsonPath("$.defaultEarnRate.spend").value(10000));
        http.perform(put("/api/v1/program").contentType(MediaType.APPLICATION_JSON).content("""
                        {"currency":"VND","timeZone":"Mars/Olympus","tierCriterion":"LIFETIME_SPEND","defaultEarnRate":{"spend":10000,"points":1}}"""))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("timeZone"));
        http.perform(put("/api/v1/program").contentType(MediaType.APPLICATION_JSON).content("""
                        {"currency":"VND","timeZone":"Asia/Ho_Chi_Minh","tierCriterion":"YEARLY","defaultEarnRate":{"spend":10000,"points":1}}"""))
                .andExpect(status().isBadRequest());
    }

    @Test
    void eventsPublishedToKafkaDirectlyBeyondTheBoundsAreDeadLetteredAloneAndTheCustomersNextOrderApplies() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        double deadBefore = deadLettered("OrderPlaced");
        publish(order(customer, "o-1", 120_000));
        awaitCustomer(customer, "$.lifetimeSpend", 120000);

        publish(order(customer, "o-huge", Long.MAX_VALUE));
        OrderPlaced farFuture = order(customer, "o-9999", 120_000);
        farFuture.setOccurredAt(Instant.parse("9999-01-01T00:00:00Z"));
        publish(farFuture);
        publish(order(customer, "o-2", 120_000));

        awaitCustomer(customer, "$.lifetimeSpend", 240000);
        assertThat(deadLetterReasonsFor(customer, 2)).anySatisfy(reason -> assertThat(reason).contains("amount must be at most"))
                .anySatisfy(reason -> assertThat(reason).contains("occurredAt must not be more than 24 h after"));
        http.perform(get("/api/v1/customers/" + customer)).andExpect(jsonPath("$.points.balance").value(24));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(deadLettered("OrderPlaced") - deadBefore).as("counted wherever they were dead-lettered").isEqualTo(2));
    }

    @Test
    void aRedemptionWhoseIdEqualsAnAppliedOrderEventIdIsARedemptionNotAServerError() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        OrderPlaced order = order(customer, "o-1", 1_000_000);
        publish(order);
        awaitCustomer(customer, "$.points.balance", 100);

        redeem(customer, order.getEventId(), 30).andExpect(status().isCreated()).andExpect(jsonPath("$.balance").value(70));
        redeem(customer, order.getEventId(), 30).andExpect(status().isOk()).andExpect(jsonPath("$.balance").value(70));
    }

    @Test
    void identifiersInPathsAreValidatedAsBadRequestsNotNotFound() throws Exception {
        http.perform(get("/api/v1/customers/a b")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("customerId"));
        http.perform(get("/api/v1/customers/" + "x".repeat(65))).andExpect(status().isBadRequest());
        redeem("a!b", "red-1", 1).andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.hasItem("customerId")));
        putTier("a b", "{\"name\":\"X\",\"minSpend\":1,\"earnRate\":{\"spend\":10000,\"points\":1},\"minPointBalance\":0,\"active\":false}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("code"));
        http.perform(delete("/api/v1/tiers/a b")).andExpect(status().isBadRequest());
    }

    @Test
    void tierAndRedemptionNumbersAreBounded() throws Exception {
        putTier("HUGE", "{\"name\":\"Huge\",\"minSpend\":1e1000000,\"earnRate\":{\"spend\":1e-1000000,\"points\":1},\"minPointBalance\":0,\"active\":false}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("earnRate.spend", "minSpend")));
        putTier("HUGE", "{\"name\":\"Huge\",\"minSpend\":1000000000001,\"earnRate\":{\"spend\":10000,\"points\":1},\"minPointBalance\":0,\"active\":false}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("minSpend"));
        String customer = "c-" + UUID.randomUUID();
        publish(order(customer, "o-1", 100_000));
        awaitCustomer(customer, "$.points.balance", 10);
        redeem(customer, "red-1", 1_000_000_000_001L).andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("points"));
    }

    private double deadLettered(String type) throws Exception {
        String metrics = http.perform(get("/actuator/prometheus")).andReturn().getResponse().getContentAsString();
        return metrics.lines().filter(l -> l.startsWith("loyalty_events_total{") && l.contains("outcome=\"dead-lettered\"")
                        && l.contains("type=\"" + type + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private void useSeedTiers() throws Exception {
        putTier("BRONZE", "{\"name\":\"Bronze\",\"minSpend\":2000000,\"maxSpend\":3000000,\"earnRate\":{\"spend\":10000,\"points\":1},\"minPointBalance\":0,\"active\":true}")
                .andExpect(status().isOk());
        putTier("GOLD", "{\"name\":\"Gold\",\"minSpend\":3100000,\"maxSpend\":4000000,\"earnRate\":{\"spend\":10000,\"points\":2},\"minPointBalance\":0,\"active\":true}")
                .andExpect(status().isOk());
        putTier("DIAMOND", "{\"name\":\"Diamond\",\"minSpend\":10000000,\"earnRate\":{\"spend\":10000,\"points\":3},\"minPointBalance\":100,\"active\":true}")
                .andExpect(status().isOk());
    }

    private ResultActions putTier(String code, String body) throws Exception {
        return http.perform(put("/api/v1/tiers/" + code).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions redeem(String customer, String redemptionId, long points) throws Exception {
        return http.perform(post("/api/v1/customers/" + customer + "/redemptions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"redemptionId\":\"" + redemptionId + "\",\"points\":" + points + "}"));
    }

    private void publish(SpecificRecord event) {
        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            String key = String.valueOf(event.get(event.getSchema().getField("customerId").pos()));
            writer.publish(ORDERS, key, event);
        }
    }

    private void awaitCustomer(String customer, String path, Object expected) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String body = http.perform(get("/api/v1/customers/" + customer)).andReturn().getResponse().getContentAsString();
            assertThat(body).contains("\"customerId\"");
            Object actual = JsonPath.read(body, path);
            assertThat(String.valueOf(actual)).isEqualTo(String.valueOf(expected));
        });
    }

    private <T extends SpecificRecord> List<T> changesOf(String customer, Class<T> type, int expected) {
        try (TopicReader reader = new TopicReader(bootstrapServers, CHANGES)) {
            List<ConsumerRecord<String, SpecificRecord>> all = reader.readUntil(r -> false, Duration.ofSeconds(3));
            return all.stream().map(ConsumerRecord::value).filter(type::isInstance).map(type::cast)
                    .filter(v -> customer.equals(String.valueOf(v.get(v.getSchema().getField("customerId").pos()))))
                    .sorted(java.util.Comparator.comparingLong(v -> (Long) v.get(v.getSchema().getField("sequence").pos())))
                    .toList();
        }
    }

    private String deadLetterReasonFor(String customer) {
        return deadLetterReasonsFor(customer, 1).get(0);
    }

    private List<String> deadLetterReasonsFor(String customer, int expected) {
        try (KafkaConsumer<String, byte[]> dlt = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            dlt.subscribe(List.of(ORDERS + "-dlt"));
            List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                dlt.poll(Duration.ofMillis(200)).forEach(dead::add);
                return dead.stream().filter(r -> customer.equals(r.key())).count() >= expected;
            });
            return dead.stream().filter(r -> customer.equals(r.key()))
                    .map(r -> new String(r.headers().lastHeader(KafkaErrorHandling.REASON_HEADER).value(), StandardCharsets.UTF_8))
                    .toList();
        }
    }

    private static OrderPlaced order(String customer, String orderId, long amount) {
        return OrderPlaced.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.parse("2026-11-24T03:15:00Z"))
                .setCustomerId(customer).setOrderId(customer + ":" + orderId).setStoreId("s-1").setAmount(amount).setCurrency("VND")
                .setReceivedAt(Instant.now()).build();
    }

    private static OrderReturned returnOf(String customer, String returnId, String orderId, long amount) {
        return OrderReturned.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.parse("2026-11-25T03:15:00Z"))
                .setCustomerId(customer).setReturnId(customer + ":" + returnId).setOrderId(customer + ":" + orderId)
                .setAmount(amount).setCurrency("VND")
                .setReceivedAt(Instant.now()).build();
    }
}
