package dev.loyalty.engine;

import com.jayway.jsonpath.JsonPath;
import dev.loyalty.engine.application.ApplyAccountEvents;
import dev.loyalty.engine.application.HandledPositions;
import dev.loyalty.engine.application.LogPosition;
import dev.loyalty.engine.domain.AccountEvent;
import dev.loyalty.schemas.events.ChangeReason;
import dev.loyalty.schemas.events.OrderPlaced;
import dev.loyalty.schemas.events.PointsChanged;
import dev.loyalty.schemas.events.TierChanged;
import dev.loyalty.support.test.MongoStandIn;
import dev.loyalty.support.test.TopicReader;
import dev.loyalty.support.test.TopicWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Recalculation jobs on the embedded broker and the MongoDB stand-in (contract "Recalculation"):
 * tiers created after the customers bought, a second run, one job at a time, a job racing live
 * orders, and a job whose instance stops halfway.
 */
@SpringBootTest(properties = "loyalty.recalculation-chunk-size=20")
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class RecalculationIT {

    private static final String EVERYTHING = "{\"tiers\":true,\"points\":true}";

    private static final String DATABASE = "loyalty-recalculation";
    private static final Instant BOUGHT = Instant.parse("2026-11-02T03:00:00Z");
    /** Silver from 1,000,000 at 2 points per 10,000; Gold from 5,000,000 at 3. */
    private static final LongUnaryOperator RATE = spend -> spend >= 5_000_000 ? 3 : spend >= 1_000_000 ? 2 : 1;

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MongoStandIn.uri(DATABASE));
    }

    @Autowired
    MockMvc http;

    @Autowired
    ApplyAccountEvents applyAccountEvents;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @BeforeEach
    void givenNoTiersAndNoCustomersYet() throws Exception {
        mongo.getCollection("customers").deleteMany(new Document());
        mongo.getCollection("program").deleteMany(new Document());
    }

    @Test
    void givenCustomersWhoBoughtBeforeTiersExistedWhenTiersAreCreatedAndRecalculatedThenEachMovesOnceAndRedemptionsStay() throws Exception {
        String prefix = "misa-" + UUID.randomUUID() + "-";
        Map<String, Long> spend = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            spend.put(prefix + i, (i + 1) * 200_000L); // 200,000 … 10,000,000: no tier, Silver, Gold
        }
        buy(spend);
        redeem(prefix + 49, "gift-1", 300);
        createSilverAndGold();

        String jobId = startJob(EVERYTHING);
        Map<String, Object> job = awaitDone(jobId);

        assertThat(job.get("processed")).isEqualTo(50).isEqualTo(job.get("total"));
        assertThat(job.get("changedTiers")).as("everybody from 1,000,000 up").isEqualTo(46);
        assertThat(job.get("changedPoints")).as("the same: Silver and Gold earn more than the default").isEqualTo(46);
        http.perform(get("/api/v1/customers/" + prefix + 49))
                .andExpect(jsonPath("$.tier.code").value("GOLD"))
                .andExpect(jsonPath("$.points.balance").value(10_000_000 / 10_000 * 3 - 300));
        http.perform(get("/api/v1/customers/" + prefix + 10)).andExpect(jsonPath("$.tier.code").value("SILVER"))
                .andExpect(jsonPath("$.points.balance").value(2_200_000 / 10_000 * 2));
        http.perform(get("/api/v1/customers/" + prefix + 0)).andExpect(jsonPath("$.tier").doesNotExist())
                .andExpect(jsonPath("$.points.balance").value(20));

        assertThat(mongo.getCollection("customers").countDocuments(new Document("outboxJob", jobId)))
                .as("the job's cursor says its changes are out: no write was spent on clearing them").isEqualTo(46);

        String again = startJob("{\"tiers\":true,\"points\":true}");
        Map<String, Object> second = awaitDone(again);
        assertThat(second.get("changedTiers")).isEqualTo(0);
        assertThat(second.get("changedPoints")).isEqualTo(0);

        assertThat(recalculationEventIdsPublishedTwice(prefix)).as("the second job read them as published").isEmpty();
        Map<String, List<SpecificRecord>> recalculations = recalculationChangesOf(prefix);
        assertThat(recalculations).as("one tier and one points change for each moved customer, none for the others, none twice")
                .hasSize(46).allSatisfy((customer, changes) -> {
                    assertThat(changes).hasSize(2);
                    assertThat(changes).filteredOn(TierChanged.class::isInstance).hasSize(1);
                });
    }

    @Test
    void oneJobRunsAtATimeTheRefusalNamesItAndAnOperatorCanCancelIt() throws Exception {
        MessageListenerContainer runner = listeners.getListenerContainer("loyalty-recalculations");
        runner.stop(); // the job stays queued, RUNNING, until the runner is back
        try {
            String first = startJob("{\"tiers\":true,\"points\":false,\"dryRun\":true}");
            http.perform(post("/api/v1/recalculations").contentType(MediaType.APPLICATION_JSON).content(EVERYTHING))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.type").value("https://loyalty.dev/problems/recalculation-running"))
                    .andExpect(jsonPath("$.runningJobId").value(first));
            http.perform(get("/api/v1/recalculations")).andExpect(status().isOk())
                    .andExpect(jsonPath("$.items[0].jobId").value(first))
                    .andExpect(jsonPath("$.items[0].state").value("RUNNING"))
                    .andExpect(jsonPath("$.items[0].options.dryRun").value(true));

            http.perform(delete("/api/v1/recalculations/" + first)).andExpect(status().isOk())
                    .andExpect(jsonPath("$.state").value("FAILED"))
                    .andExpect(jsonPath("$.failure").value("cancelled by an operator"));
            http.perform(delete("/api/v1/recalculations/" + first)).andExpect(status().isConflict())
                    .andExpect(jsonPath("$.type").value("https://loyalty.dev/problems/recalculation-not-running"));
            http.perform(delete("/api/v1/recalculations/no-such-job")).andExpect(status().isNotFound());
            startJob("{\"tiers\":true,\"points\":false,\"dryRun\":true}"); // the slot is free again
        } finally {
            runner.start();
        }
        awaitRunnerIdle();
    }

    @Test
    void anEmptyBodyOrOneWithoutBothSwitchesIsABadRequestAndNeverAJobOverEverybody() throws Exception {
        long jobsBefore = jobCount();
        http.perform(post("/api/v1/recalculations").contentType(MediaType.APPLICATION_JSON).content(""))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        http.perform(post("/api/v1/recalculations").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("points", "tiers")));
        http.perform(post("/api/v1/recalculations").contentType(MediaType.APPLICATION_JSON).content("{\"tiers\":true}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("points"));
        http.perform(post("/api/v1/recalculations").contentType(MediaType.APPLICATION_JSON).content("{\"tiers\":\"true\",\"points\":true}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("tiers"));
        assertThat(jobCount()).as("no job was started").isEqualTo(jobsBefore);
    }

    private long jobCount() throws Exception {
        String body = http.perform(get("/api/v1/recalculations?limit=100")).andReturn().getResponse().getContentAsString();
        return ((List<?>) com.jayway.jsonpath.JsonPath.read(body, "$.items")).size();
    }

    @Test
    void badRequestsAreRefusedWithEveryReasonAndStartNothing() throws Exception {
        http.perform(post("/api/v1/recalculations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"tiers\":false,\"points\":false}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("tiers"));
        http.perform(post("/api/v1/recalculations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"tiers\":true,\"points\":true,\"customerIds\":[\"ok\",\"not ok!\",null]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("customerIds[1]", "customerIds[2]")));
        http.perform(post("/api/v1/recalculations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"tiers\":true,\"points\":false,\"commonEarnRate\":{\"spend\":10000,\"points\":1}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("commonEarnRate"));
        http.perform(post("/api/v1/recalculations").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"tiers\":true,\"points\":true,\"commonEarnRate\":{\"spend\":0,\"points\":1}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("commonEarnRate.spend"));
        http.perform(post("/api/v1/recalculations").contentType(MediaType.APPLICATION_JSON).content("{\"dryRun\":\"yes\"}"))
                .andExpect(status().isBadRequest());
        http.perform(post("/api/v1/recalculations").contentType(MediaType.APPLICATION_JSON).content("{\"tiers\":true,\"points\":true,\"commonEarnRate\":{\"spend\":1e1000000,\"points\":1}}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("commonEarnRate.spend"));
        http.perform(get("/api/v1/recalculations/not!an!id")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("jobId"));
        http.perform(get("/api/v1/recalculations/no-such-job")).andExpect(status().isNotFound());
        http.perform(get("/api/v1/recalculations?limit=0")).andExpect(status().isBadRequest());
    }

    @Test
    void aCommonRateForGivenCustomersSkipsUnknownIdsAndADryRunChangesNothing() throws Exception {
        String prefix = "common-" + UUID.randomUUID() + "-";
        buy(Map.of(prefix + "a", 3_000_000L, prefix + "b", 700_000L));

        String dry = startJob("{\"tiers\":false,\"points\":true,\"commonEarnRate\":{\"spend\":100000,\"points\":1},\"dryRun\":true,"
                + "\"customerIds\":[\"" + prefix + "a\",\"" + prefix + "b\",\"" + prefix + "nobody\"]}");
        Map<String, Object> dryJob = awaitDone(dry);
        assertThat(dryJob.get("changedPoints")).isEqualTo(2);
        assertThat(dryJob.get("skipped")).isEqualTo(1);
        http.perform(get("/api/v1/customers/" + prefix + "a")).andExpect(jsonPath("$.points.balance").value(300));

        Map<String, Object> real = awaitDone(startJob("{\"tiers\":false,\"points\":true,\"commonEarnRate\":{\"spend\":100000,\"points\":1},"
                + "\"customerIds\":[\"" + prefix + "a\",\"" + prefix + "b\",\"" + prefix + "nobody\"]}"));
        assertThat(real.get("processed")).isEqualTo(3);
        assertThat(real.get("skipped")).isEqualTo(1);
        http.perform(get("/api/v1/customers/" + prefix + "a")).andExpect(jsonPath("$.points.balance").value(30));
        http.perform(get("/api/v1/customers/" + prefix + "b")).andExpect(jsonPath("$.points.balance").value(7));
        http.perform(get("/api/v1/customers/" + prefix + "nobody")).andExpect(status().isNotFound());
    }

    /**
     * Live orders keep arriving while the job runs. Each is small enough never to cross a threshold, so
     * whichever comes first for a customer, the order or the recalculation, the end state is the same:
     * the tier of the total spend, every order at that tier's rate.
     */
    @Test
    void aJobRacingALiveStreamOfOrdersEndsEqualToAFromScratchComputation() throws Exception {
        String prefix = "race-" + UUID.randomUUID() + "-";
        Map<String, Long> spend = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            spend.put(prefix + i, i % 2 == 0 ? 2_000_000L : 6_000_000L);
        }
        buy(spend);
        createSilverAndGold();

        List<String> customers = List.copyOf(spend.keySet());
        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            for (int round = 0; round < 5; round++) {
                for (String customer : customers) {
                    if (round == 1 && customer.equals(customers.get(0))) {
                        startJob(EVERYTHING);
                    }
                    writer.publish("pos.order-events", customer, OrderPlaced.newBuilder()
                            .setEventId("live-" + round + "-" + customer).setOccurredAt(BOUGHT.plusSeconds(60 + round))
                            .setCustomerId(customer).setOrderId(customer + "-live-" + round).setStoreId("s-1").setAmount(10_000L)
                            .setCurrency("VND").setReceivedAt(Instant.now()).build());
                    spend.merge(customer, 10_000L, Long::sum);
                }
            }
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> http.perform(get("/api/v1/recalculations?limit=1"))
                .andExpect(jsonPath("$.items[0].state").value("DONE")));
        for (String customer : customers) {
            long total = spend.get(customer);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> http.perform(get("/api/v1/customers/" + customer))
                    .andExpect(jsonPath("$.lifetimeSpend").value(total))
                    .andExpect(jsonPath("$.tier.code").value(total >= 5_000_000 ? "GOLD" : "SILVER"))
                    .andExpect(jsonPath("$.points.balance").value(total / 10_000 * RATE.applyAsLong(total))));
        }
        recalculationChangesOf(prefix).forEach((customer, changes) -> assertThat(changes.stream()
                .filter(PointsChanged.class::isInstance).count()).as(customer).isLessThanOrEqualTo(1));
    }

    /**
     * The instance running the job stops halfway; the job waits, RUNNING, and resumes where it stopped when
     * a runner is back: every customer is recalculated exactly once, and the counts add up.
     */
    @Test
    void givenTheRunnerStopsMidJobThenTheJobResumesAndAppliesNothingTwice() throws Exception {
        String prefix = "resume-" + UUID.randomUUID() + "-";
        Map<String, Long> spend = new HashMap<>();
        for (int i = 0; i < 1_500; i++) {
            spend.put(prefix + String.format("%04d", i), 1_500_000L);
        }
        buy(spend);
        createSilverAndGold();

        MessageListenerContainer localRunner = listeners.getListenerContainer("loyalty-recalculations");
        localRunner.stop(); // the other instance runs the job
        ConfigurableApplicationContext other = new SpringApplicationBuilder(LoyaltyApplication.class).run("--server.port=0",
                "--spring.kafka.bootstrap-servers=" + bootstrapServers, "--spring.mongodb.uri=" + MongoStandIn.uri(DATABASE),
                "--loyalty.recalculation-chunk-size=20", "--spring.main.banner-mode=off");
        String jobId;
        try {
            jobId = startJob(EVERYTHING);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                    .until(() -> ((Number) jobField(jobId, "$.processed")).longValue() > 0);
        } finally {
            other.close();
        }
        assertThat(jobField(jobId, "$.state")).isEqualTo("RUNNING");
        assertThat(((Number) jobField(jobId, "$.processed")).longValue()).as("stopped halfway").isLessThan(1_500);

        localRunner.start();
        Map<String, Object> job = awaitDone(jobId);

        assertThat(job.get("processed")).isEqualTo(1_500);
        assertThat(job.get("changedTiers")).isEqualTo(1_500);
        assertThat(job.get("changedPoints")).isEqualTo(1_500);
        Map<String, List<SpecificRecord>> changes = recalculationChangesOf(prefix);
        assertThat(changes).hasSize(1_500).allSatisfy((customer, list) -> assertThat(list).hasSize(2));
        http.perform(get("/api/v1/customers/" + prefix + "0000")).andExpect(jsonPath("$.points.balance").value(300));
    }

    /** Seeds the customers straight through the use case, in batches as the order-events consumer would. */
    private void buy(Map<String, Long> spendByCustomer) {
        List<ApplyAccountEvents.LoggedEvent> orders = new ArrayList<>();
        spendByCustomer.forEach((customer, amount) -> orders.add(new ApplyAccountEvents.LoggedEvent(
                new AccountEvent.OrderPlaced("seed-" + customer, customer, customer + "-o", amount, BOUGHT),
                new LogPosition(0, orders.size()))));
        for (int from = 0; from < orders.size(); from += 500) {
            applyAccountEvents.applyAll(orders.subList(from, Math.min(from + 500, orders.size())), HandledPositions.NONE);
        }
    }

    private void createSilverAndGold() throws Exception {
        http.perform(put("/api/v1/tiers/SILVER").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Silver\","
                + "\"minSpend\":1000000,\"maxSpend\":4999999,\"earnRate\":{\"spend\":10000,\"points\":2},\"minPointBalance\":0,\"active\":true}"))
                .andExpect(status().isOk());
        http.perform(put("/api/v1/tiers/GOLD").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Gold\","
                + "\"minSpend\":5000000,\"earnRate\":{\"spend\":10000,\"points\":3},\"minPointBalance\":0,\"active\":true}"))
                .andExpect(status().isOk());
    }

    private void redeem(String customer, String redemptionId, long points) throws Exception {
        http.perform(post("/api/v1/customers/" + customer + "/redemptions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"redemptionId\":\"" + redemptionId + "\",\"points\":" + points + "}")).andExpect(status().isCreated());
    }

    private String startJob(String body) throws Exception {
        ResultActions started = http.perform(post("/api/v1/recalculations").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isAccepted());
        String jobId = JsonPath.read(started.andReturn().getResponse().getContentAsString(), "$.jobId");
        started.andExpect(header().string("Location", "/api/v1/recalculations/" + jobId));
        return jobId;
    }

    private Map<String, Object> awaitDone(String jobId) {
        await().atMost(Duration.ofSeconds(60)).until(() -> "DONE".equals(jobField(jobId, "$.state")));
        return JsonPath.read(jobBody(jobId), "$");
    }

    private void awaitRunnerIdle() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> http.perform(get("/api/v1/recalculations?limit=1"))
                .andExpect(jsonPath("$.items[0].state").value("DONE")));
    }

    private Object jobField(String jobId, String path) throws Exception {
        return JsonPath.read(jobBody(jobId), path);
    }

    private String jobBody(String jobId) {
        try {
            return http.perform(get("/api/v1/recalculations/" + jobId)).andExpect(status().isOk()).andReturn().getResponse()
                    .getContentAsString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every RECALCULATION change of the customers whose id starts with {@code prefix}, once per event id. */
    private Map<String, List<SpecificRecord>> recalculationChangesOf(String prefix) {
        return recalculationChanges(prefix, new ArrayList<>());
    }

    /** The event ids of RECALCULATION changes published more than once (same id again: consumers dedupe them). */
    private List<String> recalculationEventIdsPublishedTwice(String prefix) {
        List<String> duplicates = new ArrayList<>();
        recalculationChanges(prefix, duplicates);
        return duplicates;
    }

    private Map<String, List<SpecificRecord>> recalculationChanges(String prefix, List<String> duplicates) {
        Map<String, List<SpecificRecord>> byCustomer = new HashMap<>();
        Set<String> seen = new HashSet<>();
        try (TopicReader reader = new TopicReader(bootstrapServers, "loyalty.account-changes")) {
            for (ConsumerRecord<String, SpecificRecord> record : reader.readFor(Duration.ofSeconds(3))) {
                SpecificRecord change = record.value();
                boolean recalculation = change instanceof PointsChanged p ? p.getReason() == ChangeReason.RECALCULATION
                        : change instanceof TierChanged t && t.getReason() == ChangeReason.RECALCULATION;
                if (recalculation && record.key().startsWith(prefix)) {
                    String eventId = String.valueOf(change.get(0));
                    if (seen.add(eventId)) {
                        byCustomer.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(change);
                    } else {
                        duplicates.add(eventId);
                    }
                }
            }
        }
        return byCustomer;
    }
}
