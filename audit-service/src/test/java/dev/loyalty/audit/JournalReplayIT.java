package dev.loyalty.audit;

import dev.loyalty.schemas.events.ChangeReason;
import dev.loyalty.schemas.events.PointsChanged;
import dev.loyalty.schemas.events.TierChanged;
import dev.loyalty.schemas.events.TierDirection;
import dev.loyalty.support.test.MongoStandIn;
import dev.loyalty.support.test.TopicWriter;
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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The journal is a pure function of the topic: every entry type and reason, delivered twice and out
 * of order across separate polls, reads newest-first by sequence; replaying the whole topic into an
 * empty database (a new instance, its own group) rebuilds the same journal.
 */
@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class JournalReplayIT {

    private static final String CHANGES = "loyalty.account-changes";

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MongoStandIn.uri("audit-replay-original"));
    }

    @Autowired
    MockMvc http;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void everyTypeAndReasonDeliveredTwiceAndOutOfOrderReadsInSequenceAndAReplayRebuildsTheSameJournal() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        Object[] changes = {
                points(customer, 1, ChangeReason.ORDER, 330, 330),
                tier(customer, 2, ChangeReason.ORDER, TierDirection.PROMOTED, null, "GOLD", 330),
                points(customer, 3, ChangeReason.RETURN, -50, 280),
                tier(customer, 4, ChangeReason.RETURN, TierDirection.DEMOTED, "GOLD", "BRONZE", 280),
                points(customer, 5, ChangeReason.REDEMPTION, -80, 200),
                tier(customer, 6, ChangeReason.OPENING_BALANCE, TierDirection.PROMOTED, "BRONZE", "GOLD", 200),
                points(customer, 7, ChangeReason.RECALCULATION, 40, 240),
                tier(customer, 8, ChangeReason.PERIOD_ROLLOVER, TierDirection.DEMOTED, "GOLD", null, 240),
                tier(customer, 9, ChangeReason.RECALCULATION, TierDirection.PROMOTED, null, "BRONZE", 240)};
        int[] deliveryOrder = {2, 0, 1, 4, 0, 3, 8, 5, 6, 7, 4, 2};
        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            for (int index : deliveryOrder) {
                writer.publish(CHANGES, customer, (org.apache.avro.specific.SpecificRecord) changes[index]);
                Thread.sleep(30); // separate sends, so they span several polls
            }
        }

        String path = "/api/v1/customers/" + customer + "/journal";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(http.perform(get(path)).andReturn().getResponse()
                .getContentAsString()).contains("\"total\":9").contains("\"complete\":true"));
        String original = http.perform(get(path)).andReturn().getResponse().getContentAsString();
        assertThat(original.indexOf("\"TIER_PROMOTED\"")).isLessThan(original.indexOf("\"POINTS_RECALCULATED\""));
        String overview = "{\"tiers\":[{\"tier\":\"BRONZE\",\"customers\":1}],\"customers\":1,\"pointsOutstanding\":240}";
        assertThat(http.perform(get("/api/v1/overview")).andReturn().getResponse().getContentAsString())
                .as("every change counted once, the three republished copies not again").isEqualTo(overview);
        assertThat(original).contains("\"POINTS_EARNED\"", "\"POINTS_REVERSED\"", "\"POINTS_REDEEMED\"", "\"POINTS_RECALCULATED\"",
                "\"TIER_PROMOTED\"", "\"TIER_DEMOTED\"", "\"ORDER\"", "\"RETURN\"", "\"REDEMPTION\"", "\"OPENING_BALANCE\"",
                "\"PERIOD_ROLLOVER\"", "\"RECALCULATION\"");

        try (ConfigurableApplicationContext replay = new SpringApplicationBuilder(AuditApplication.class).run("--server.port=0",
                "--spring.kafka.bootstrap-servers=" + bootstrapServers, "--spring.kafka.consumer.group-id=audit-replay",
                "--spring.mongodb.uri=" + MongoStandIn.uri("audit-replay-rebuilt"), "--spring.main.banner-mode=off",
                "--audit.overview-refresh=PT0S")) { // the gauges read the tallies on every scrape
            int port = Integer.parseInt(replay.getEnvironment().getProperty("local.server.port"));
            HttpClient client = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + dev.loyalty.support.test.TestCredentials.ADMIN).build(), HttpResponse.BodyHandlers.ofString()).body())
                    .contains("\"total\":9"));
            String rebuilt = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + dev.loyalty.support.test.TestCredentials.ADMIN).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(withoutRecordedAt(rebuilt)).isEqualTo(withoutRecordedAt(original));
            assertThat(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/overview"))
                    .header("Authorization", "Bearer " + dev.loyalty.support.test.TestCredentials.ADMIN).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).as("the replay rebuilds the same overview").isEqualTo(overview);
            // the same tally as Prometheus gauges, "(none)" at 0 included; a tier's series from the scrape after its read
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                    .header("Authorization", "Bearer " + dev.loyalty.support.test.TestCredentials.METRICS).build(),
                    HttpResponse.BodyHandlers.ofString()).body())
                    .containsPattern("program_customers\\{[^}]*tier=\"BRONZE\"[^}]*} 1\\.0")
                    .containsPattern("program_customers\\{[^}]*tier=\"\\(none\\)\"[^}]*} 0\\.0")
                    .containsPattern("program_points_outstanding(\\{[^}]*})? 240\\.0"));
        }
    }

    /** Recording time is when this journal wrote the entry; everything else must be identical. */
    private static String withoutRecordedAt(String json) {
        return json.replaceAll("\"recordedAt\":\"[^\"]*\"", "");
    }

    private static PointsChanged points(String customer, long sequence, ChangeReason reason, long delta, long balance) {
        return PointsChanged.newBuilder().setEventId("p-" + customer + "-" + sequence).setOccurredAt(Instant.parse("2026-11-24T03:15:00Z").plusSeconds(sequence))
                .setCustomerId(customer).setSequence(sequence).setReason(reason).setPointsDelta(delta).setPointsBalance(balance)
                .setOrderId("o-1").setSourceEventId("src-" + sequence).build();
    }

    private static TierChanged tier(String customer, long sequence, ChangeReason reason, TierDirection direction, String before,
                                    String after, long balance) {
        return TierChanged.newBuilder().setEventId("t-" + customer + "-" + sequence).setOccurredAt(Instant.parse("2026-11-24T03:15:00Z").plusSeconds(sequence))
                .setCustomerId(customer).setSequence(sequence).setReason(reason).setDirection(direction)
                .setTierBefore(before).setTierAfter(after).setQualifyingSpend(3_300_000).setPointsBalance(balance)
                .setSourceEventId("src-" + sequence).build();
    }
}
