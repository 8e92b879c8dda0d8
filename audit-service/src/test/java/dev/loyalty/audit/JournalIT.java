package dev.loyalty.audit;

import dev.loyalty.schemas.events.ChangeReason;
import dev.loyalty.schemas.events.OrderPlaced;
import dev.loyalty.schemas.events.PointsChanged;
import dev.loyalty.schemas.events.TierChanged;
import dev.loyalty.schemas.events.TierDirection;
import dev.loyalty.support.test.MongoStandIn;
import dev.loyalty.support.test.TopicWriter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class JournalIT {

    private static final String CHANGES = "loyalty.account-changes";

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MongoStandIn.uri("audit-journal"));
    }

    @Autowired
    MockMvc http;

    @Autowired
    org.springframework.data.mongodb.core.MongoTemplate mongo;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void givenChangesDeliveredTwiceThenTheJournalShowsEachOnceNewestFirst() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        PointsChanged earned = points(customer, 1, ChangeReason.ORDER, 330, 330);
        TierChanged promoted = tier(customer, 2, null, "GOLD", 330);

        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            writer.publish(CHANGES, customer, earned);
            writer.publish(CHANGES, customer, promoted);
            writer.publish(CHANGES, customer, earned);
        }

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> http.perform(get("/api/v1/customers/{id}/journal", customer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(2))
                .andExpect(jsonPath("$.complete").value(true))
                .andExpect(jsonPath("$.items[*].type").value(contains("TIER_PROMOTED", "POINTS_EARNED")))
                .andExpect(jsonPath("$.items[0].tierAfter").value("GOLD"))
                .andExpect(jsonPath("$.items[1].pointsDelta").value(330))
                .andExpect(jsonPath("$.items[1].pointsBalance").value(330))
                .andExpect(jsonPath("$.items[1].reason").value("ORDER"))
                .andExpect(jsonPath("$.items[1].sourceEventId").value(earned.getSourceEventId())));
    }

    @Test
    void givenAnEntryWrittenButACrashBeforeItsHeadWhenItIsDeliveredAgainWithTheNextThenEachIsCountedOnce() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        PointsChanged earned = points(customer, 1, ChangeReason.ORDER, 100, 100);
        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            writer.publish(CHANGES, customer, earned);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> http.perform(get("/api/v1/customers/{id}/journal", customer))
                    .andExpect(jsonPath("$.total").value(1)));
            mongo.getCollection("journal_heads").deleteOne(new org.bson.Document("_id", customer)); // the crash

            writer.publish(CHANGES, customer, earned);
            writer.publish(CHANGES, customer, points(customer, 2, ChangeReason.REDEMPTION, -40, 60));
        }

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> http.perform(get("/api/v1/customers/{id}/journal", customer))
                .andExpect(jsonPath("$.total").value(2))
                .andExpect(jsonPath("$.complete").value(true))
                .andExpect(jsonPath("$.items[*].pointsDelta").value(contains(-40, 100))));
    }

    @Test
    void aGapInTheSequenceIsShownAsIncomplete() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            writer.publish(CHANGES, customer, points(customer, 1, ChangeReason.ORDER, 10, 10));
            writer.publish(CHANGES, customer, points(customer, 3, ChangeReason.REDEMPTION, -5, 10));
        }

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> http.perform(get("/api/v1/customers/{id}/journal", customer))
                .andExpect(jsonPath("$.total").value(2))
                .andExpect(jsonPath("$.complete").value(false))
                .andExpect(jsonPath("$.items[0].type").value("POINTS_REDEEMED")));
    }

    @Test
    void anEventThatIsNotAChangeIsDeadLetteredAndTheNextChangeIsStillRecorded() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            writer.publish(CHANGES, customer, OrderPlaced.newBuilder().setEventId("e").setOccurredAt(Instant.EPOCH)
                    .setOrderId("o").setStoreId("s").setAmount(1).setCurrency("VND").setReceivedAt(Instant.EPOCH).build());
            writer.publishRaw(CHANGES, customer, new byte[]{1, 2, 3});
            writer.publish(CHANGES, customer, points(customer, 1, ChangeReason.ORDER, 10, 10));
        }

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> http.perform(get("/api/v1/customers/{id}/journal", customer))
                .andExpect(jsonPath("$.total").value(1)));
    }

    @Test
    void filtersByTypeAndTimeAndPagesNewestFirst() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            for (int sequence = 1; sequence <= 5; sequence++) {
                PointsChanged change = points(customer, sequence, sequence == 4 ? ChangeReason.REDEMPTION : ChangeReason.ORDER,
                        sequence == 4 ? -5 : 10, 10L * sequence);
                change.setOccurredAt(Instant.parse("2026-11-0" + sequence + "T03:00:00Z"));
                writer.publish(CHANGES, customer, change);
            }
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> http.perform(get("/api/v1/customers/{id}/journal", customer))
                .andExpect(jsonPath("$.total").value(5)));

        http.perform(get("/api/v1/customers/{id}/journal", customer).param("size", "2").param("page", "1"))
                .andExpect(jsonPath("$.items[*].pointsBalance").value(contains(30, 20)))
                .andExpect(jsonPath("$.total").value(5));
        http.perform(get("/api/v1/customers/{id}/journal", customer).param("type", "POINTS_REDEEMED"))
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.items[0].pointsDelta").value(-5));
        http.perform(get("/api/v1/customers/{id}/journal", customer)
                        .param("from", "2026-11-02T00:00:00Z").param("to", "2026-11-04T10:00:00+07:00"))
                .andExpect(jsonPath("$.items[*].pointsBalance").value(contains(30, 20)))
                .andExpect(jsonPath("$.complete").value(true));
    }

    @Test
    void aCustomerWithoutEntriesGetsAnEmptyPage() throws Exception {
        http.perform(get("/api/v1/customers/{id}/journal", "nobody"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items").isEmpty())
                .andExpect(jsonPath("$.total").value(0))
                .andExpect(jsonPath("$.complete").value(true));
    }

    @Test
    void badParametersAreABadRequestNamingEachOne() throws Exception {
        http.perform(get("/api/v1/customers/{id}/journal", "c-1")
                        .param("size", "501").param("page", "-1").param("from", "2026-11-24T10:15:00").param("type", "POINTS_LOST"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("size", "page", "from", "type")));
        http.perform(get("/api/v1/customers/{id}/journal", "c-1").param("from", "+300000000-01-01T00:00:00Z").param("to", "-5000-01-01T00:00:00Z"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("from", "to")));
        http.perform(get("/api/v1/customers/{id}/journal", "a b")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("customerId"));
    }

    @Test
    void journalLagIsMeasuredFromPublicationNotFromTheBusinessTimeOfABackDatedChange() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        PointsChanged backDated = points(customer, 1, ChangeReason.ORDER, 50, 50);
        backDated.setOccurredAt(Instant.now().minus(Duration.ofDays(60))); // an offline till's order, synced late
        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            writer.publish(CHANGES, customer, backDated);
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> http.perform(get("/api/v1/customers/{id}/journal", customer))
                .andExpect(jsonPath("$.total").value(1)));

        String metrics = http.perform(get("/actuator/prometheus")).andReturn().getResponse().getContentAsString();
        double maxSeconds = metrics.lines().filter(l -> l.startsWith("audit_journal_lag_seconds_max"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).max().orElseThrow();
        assertThat(maxSeconds).as("seconds from publication to the journal, not 60 days").isLessThan(60);
    }

    private static PointsChanged points(String customer, long sequence, ChangeReason reason, long delta, long balance) {
        return PointsChanged.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.parse("2026-11-24T03:15:00Z"))
                .setCustomerId(customer).setSequence(sequence).setReason(reason).setPointsDelta(delta).setPointsBalance(balance)
                .setOrderId("o-1").setSourceEventId(UUID.randomUUID().toString()).build();
    }

    private static TierChanged tier(String customer, long sequence, String before, String after, long balance) {
        return TierChanged.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.parse("2026-11-24T03:15:00Z"))
                .setCustomerId(customer).setSequence(sequence).setReason(ChangeReason.ORDER).setDirection(TierDirection.PROMOTED)
                .setTierBefore(before).setTierAfter(after).setQualifyingSpend(3_300_000).setPointsBalance(balance)
                .setOrderId("o-1").setSourceEventId(UUID.randomUUID().toString()).build();
    }
}
