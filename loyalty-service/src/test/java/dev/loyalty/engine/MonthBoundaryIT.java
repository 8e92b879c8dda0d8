package dev.loyalty.engine;

import com.jayway.jsonpath.JsonPath;
import dev.loyalty.engine.application.RelayPendingChanges;
import dev.loyalty.engine.application.RollOverPeriods;
import dev.loyalty.schemas.events.ChangeReason;
import dev.loyalty.schemas.events.OrderPlaced;
import dev.loyalty.schemas.events.OrderReturned;
import dev.loyalty.schemas.events.TierChanged;
import dev.loyalty.support.test.MongoStandIn;
import dev.loyalty.support.test.TopicReader;
import dev.loyalty.support.test.TopicWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The service clock decides "now" (contract "Now"), here a clock the test moves: month boundaries that passed while
 * every instance was down are applied once at start-up, whichever instances sweep, and every held return expires on
 * time however many customers hold one.
 */
@SpringBootTest(properties = {"loyalty.month-sweep-initial-delay=PT1H", "loyalty.relay-interval=PT1H"})
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class MonthBoundaryIT {

    private static final MovableClock CLOCK = new MovableClock(Instant.parse("2026-11-28T03:00:00Z"));

    @TestConfiguration
    static class ServiceClock {
        @Bean
        Clock clock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MongoStandIn.uri("loyalty-month-boundary"));
    }

    @Autowired
    MockMvc http;

    @Autowired
    RollOverPeriods rollOverPeriods;

    @Autowired
    RelayPendingChanges relay;

    @Autowired
    MongoTemplate mongo;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @BeforeEach
    void monthlyProgramWithGoldAt3000000() throws Exception {
        CLOCK.set(Instant.parse("2026-11-28T03:00:00Z"));
        mongo.getCollection("program").deleteMany(new Document());
        http.perform(put("/api/v1/program").contentType(MediaType.APPLICATION_JSON).content("""
                {"currency":"VND","timeZone":"Asia/Ho_Chi_Minh","tierCriterion":"MONTHLY_SPEND","defaultEarnRate":{"spend":10000,"points":1}}"""))
                .andExpect(status().isOk());
        http.perform(put("/api/v1/tiers/GOLD").contentType(MediaType.APPLICATION_JSON).content("""
                {"name":"Gold","minSpend":3000000,"earnRate":{"spend":10000,"points":2},"minPointBalance":0,"active":true}"""))
                .andExpect(status().isOk());
    }

    @Test
    void givenGoldInNovemberWhenEveryInstanceWasDownAcrossTwoBoundariesThenTheStartUpSweepsDemoteOnceAtJanuary() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        publish(customer, order(customer, "o-1", 3_500_000, Instant.parse("2026-11-27T03:00:00Z")));
        awaitCustomer(customer, "$.tier.code", "GOLD");

        CLOCK.set(Instant.parse("2027-01-02T03:00:00Z")); // December and January began while nothing ran
        assertThat(read(customer, "$.tier")).as("the view answers as of now, before any sweep").isNull();
        assertThat(read(customer, "$.qualifyingSpend")).isEqualTo(0);

        long first = rollOverPeriods.sweep(CLOCK.instant());  // one instance starting
        long second = rollOverPeriods.sweep(CLOCK.instant()); // another one, or the same one's next check
        assertThat(first).isPositive();
        assertThat(second).as("the month is recorded as swept").isZero();

        List<TierChanged> rollovers = tierChangesOf(customer).stream()
                .filter(t -> t.getReason() == ChangeReason.PERIOD_ROLLOVER).toList();
        assertThat(rollovers).singleElement().satisfies(t -> {
            assertThat(t.getTierBefore()).isEqualTo("GOLD");
            assertThat(t.getTierAfter()).isNull();
            assertThat(t.getOccurredAt()).as("at the January boundary, Asia/Ho_Chi_Minh").isEqualTo(Instant.parse("2026-12-31T17:00:00Z"));
        });
        Document stored = mongo.getCollection("customers").find(new Document("_id", customer)).first();
        assertThat(stored.getString("tier")).isNull();
        assertThat(stored.getString("evaluatedThrough")).isEqualTo("2027-01");
    }

    @Test
    void anOrderDatedTwoMonthsAgoArrivingNowQualifiesForNoTier() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        publish(customer, order(customer, "o-1", 5_000_000, Instant.parse("2026-09-20T03:00:00Z")));

        awaitCustomer(customer, "$.lifetimeSpend", 5000000);
        assertThat(read(customer, "$.tier")).isNull();
        assertThat(read(customer, "$.qualifyingSpend")).isEqualTo(0);
    }

    @Test
    void aThousandCustomersHoldingReturnsAllSeeThemExpireOnTime() throws Exception {
        String prefix = "held-" + UUID.randomUUID() + "-";
        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            for (int i = 0; i < 1_000; i++) {
                String customer = prefix + i;
                writer.publish("pos.order-events", customer, OrderReturned.newBuilder().setEventId(UUID.randomUUID().toString())
                        .setOccurredAt(Instant.parse("2026-11-27T03:00:00Z")).setCustomerId(customer).setReturnId(customer + ":r")
                        .setOrderId(customer + ":never").setAmount(1_000).setCurrency("VND").setReceivedAt(CLOCK.instant()).build());
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> mongo.getCollection("customers")
                .countDocuments(new Document("holdsReturns", true).append("_id", new Document("$regex", "^" + prefix))) == 1_000);

        CLOCK.set(CLOCK.instant().plus(Duration.ofDays(7)).plusSeconds(1));
        int visited = relay.expireHeldReturns(Duration.ofDays(7));

        assertThat(visited).isGreaterThanOrEqualTo(1_000);
        assertThat(mongo.getCollection("customers").countDocuments(new Document("holdsReturns", true)
                .append("_id", new Document("$regex", "^" + prefix)))).as("none left held").isZero();
        assertThat(deadLettersOf(prefix, 1_000)).as("every one dead-lettered, once").hasSize(1_000);
    }

    private Set<String> deadLettersOf(String prefix, int expected) {
        try (KafkaConsumer<String, byte[]> dlt = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG, "dlt-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            dlt.subscribe(List.of("pos.order-events-dlt"));
            Set<String> keys = new HashSet<>();
            List<String> all = new java.util.ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                dlt.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.key() != null && r.key().startsWith(prefix)) {
                        keys.add(r.key());
                        all.add(r.key());
                    }
                });
                return keys.size() >= expected;
            });
            assertThat(all).doesNotHaveDuplicates();
            return keys;
        }
    }

    private void publish(String customer, SpecificRecord event) {
        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            writer.publish("pos.order-events", customer, event);
        }
    }

    private static OrderPlaced order(String customer, String orderId, long amount, Instant at) {
        return OrderPlaced.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(at).setCustomerId(customer)
                .setOrderId(customer + ":" + orderId).setStoreId("s-1").setAmount(amount).setCurrency("VND")
                .setReceivedAt(at).build();
    }

    private Object read(String customer, String path) throws Exception {
        String body = http.perform(get("/api/v1/customers/" + customer)).andReturn().getResponse().getContentAsString();
        return JsonPath.read(body, path);
    }

    private void awaitCustomer(String customer, String path, Object expected) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String body = http.perform(get("/api/v1/customers/" + customer)).andReturn().getResponse().getContentAsString();
            assertThat(body).contains("\"customerId\"");
            assertThat(String.valueOf((Object) JsonPath.read(body, path))).isEqualTo(String.valueOf(expected));
        });
    }

    private List<TierChanged> tierChangesOf(String customer) {
        try (TopicReader reader = new TopicReader(bootstrapServers, "loyalty.account-changes")) {
            return reader.readFor(Duration.ofSeconds(3)).stream().map(r -> r.value())
                    .filter(v -> v instanceof TierChanged t && t.getCustomerId().equals(customer)).map(TierChanged.class::cast).toList();
        }
    }

    /** The service clock, moved by the test. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
