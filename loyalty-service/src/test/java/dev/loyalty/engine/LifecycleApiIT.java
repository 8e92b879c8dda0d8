package dev.loyalty.engine;

import dev.loyalty.schemas.events.OrderPlaced;
import dev.loyalty.schemas.events.PointsChanged;
import dev.loyalty.schemas.events.TierChanged;
import dev.loyalty.support.test.MongoStandIn;
import dev.loyalty.support.test.TopicReader;
import dev.loyalty.support.test.TopicWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The point and tier lifecycle over HTTP: the program's lifecycle settings (validated, PUT replaces), manual
 * adjustments (idempotent, conflicting, bounded by what is redeemable), tier overrides (201/200/204, 400s), the
 * customer view's new fields, and the actor and note on the changes they publish.
 */
@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class LifecycleApiIT {

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MongoStandIn.uri("loyalty-lifecycle"));
    }

    @Autowired
    MockMvc http;

    @Autowired
    MongoTemplate mongo;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @BeforeEach
    void goldAndDiamond() throws Exception {
        mongo.getCollection("program").deleteMany(new org.bson.Document());
        http.perform(put("/api/v1/tiers/GOLD").contentType(MediaType.APPLICATION_JSON).content("""
                {"name":"Gold","minSpend":3000000,"maxSpend":9999999,"earnRate":{"spend":10000,"points":2},"minPointBalance":0,"active":true}"""))
                .andExpect(status().isOk());
        http.perform(put("/api/v1/tiers/DIAMOND").contentType(MediaType.APPLICATION_JSON).content("""
                {"name":"Diamond","minSpend":10000000,"earnRate":{"spend":10000,"points":3},"minPointBalance":0,"active":true}"""))
                .andExpect(status().isOk());
    }

    @Test
    void theProgramsLifecycleSettingsAreValidatedAndAPutReplacesThem() throws Exception {
        program("""
                ,"pendingDays":14,"pointsExpiry":{"mode":"AFTER_DAYS","value":365},"tierRetention":{"mode":"GRACE_DAYS","days":30}""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.pendingDays").value(14))
                .andExpect(jsonPath("$.pointsExpiry.mode").value("AFTER_DAYS"))
                .andExpect(jsonPath("$.tierRetention.days").value(30));
        program("").andExpect(status().isOk())
                .andExpect(jsonPath("$.pendingDays").value(0))
                .andExpect(jsonPath("$.pointsExpiry.mode").value("NONE"))
                .andExpect(jsonPath("$.tierRetention.mode").value("IMMEDIATE"));
        program(",\"pendingDays\":36501").andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("pendingDays"));
        program(",\"pointsExpiry\":{\"mode\":\"AFTER_DAYS\",\"value\":0}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("pointsExpiryInRange"));
        program(",\"pointsExpiry\":{\"mode\":\"END_OF_MONTH_AFTER_MONTHS\",\"value\":0}").andExpect(status().isOk());
        program(",\"pointsExpiry\":{\"mode\":\"SOMETIMES\"}").andExpect(status().isBadRequest());
        program(",\"tierRetention\":{\"mode\":\"GRACE_DAYS\"}").andExpect(status().isBadRequest());
        program("").andExpect(status().isOk());
    }

    @Test
    void adjustmentsAreIdempotentByIdCarryTheirNoteAndActorAndNeverTakeMoreThanIsRedeemable() throws Exception {
        String customer = customerWith(1_000_000); // 100 points
        adjust(customer, "adj-1", 50, "complaint #12").andExpect(status().isCreated())
                .andExpect(jsonPath("$.adjustmentId").value("adj-1")).andExpect(jsonPath("$.balance").value(150));
        adjust(customer, "adj-1", 50, "complaint #12").andExpect(status().isOk()).andExpect(jsonPath("$.balance").value(150));
        adjust(customer, "adj-1", 60, "complaint #12").andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://loyalty.dev/problems/idempotency-conflict"));
        adjust(customer, "adj-2", -151, "too much").andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://loyalty.dev/problems/insufficient-points"));
        adjust(customer, "adj-3", 0, "nothing").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("points")); // named, so a form shows it beside its field
        http.perform(post("/api/v1/customers/" + customer + "/adjustments").contentType(MediaType.APPLICATION_JSON)
                .content("{\"adjustmentId\":\"adj-4\",\"points\":5}")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("note"));
        adjust("nobody-" + UUID.randomUUID(), "adj-1", 5, "x").andExpect(status().isNotFound());

        PointsChanged adjusted = changesOf(customer, PointsChanged.class).stream().filter(p -> "ADJUSTMENT".equals(p.getCause()))
                .findFirst().orElseThrow();
        assertThat(adjusted.getActor()).as("the test admin key's name").isEqualTo("test-admin");
        assertThat(adjusted.getNote()).isEqualTo("complaint #12");
        assertThat(adjusted.getPointsDelta()).isEqualTo(50);
    }

    @Test
    void anOverrideIsPutReplacedShownAndRemovedEachMoveJournalledWithItsActorAndNote() throws Exception {
        String customer = customerWith(3_500_000); // Gold
        override(customer, "{\"tier\":\"DIAMOND\",\"mode\":\"FLOOR\",\"until\":null,\"note\":\"VIP\"}").andExpect(status().isCreated())
                .andExpect(jsonPath("$.tier.code").value("DIAMOND"))
                .andExpect(jsonPath("$.tier.override.mode").value("FLOOR"))
                .andExpect(jsonPath("$.tier.override.actor").value("test-admin"));
        override(customer, "{\"tier\":\"DIAMOND\",\"mode\":\"FIXED\",\"until\":\"2099-01-01T00:00:00Z\",\"note\":\"VIP\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.tier.override.until").value("2099-01-01T00:00:00Z"));
        override(customer, "{\"tier\":\"NOPE\",\"mode\":\"FIXED\",\"note\":\"x\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("tier"));
        override(customer, "{\"tier\":\"GOLD\",\"mode\":\"FIXED\",\"until\":\"2020-01-01T00:00:00Z\",\"note\":\"x\"}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("until"));
        override(customer, "{\"tier\":\"GOLD\",\"mode\":\"SOMETIMES\",\"note\":\"x\"}").andExpect(status().isBadRequest());

        http.perform(delete("/api/v1/customers/" + customer + "/tier-override").contentType(MediaType.APPLICATION_JSON)
                .content("{\"note\":\"back to normal\"}")).andExpect(status().isNoContent());
        http.perform(delete("/api/v1/customers/" + customer + "/tier-override")).andExpect(status().isNoContent());
        http.perform(get("/api/v1/customers/" + customer)).andExpect(jsonPath("$.tier.code").value("GOLD"))
                .andExpect(jsonPath("$.tier.override").doesNotExist());

        List<TierChanged> moves = changesOf(customer, TierChanged.class).stream().filter(t -> "MANUAL".equals(t.getCause())).toList();
        assertThat(moves).extracting(TierChanged::getTierAfter).containsExactly("DIAMOND", "GOLD");
        assertThat(moves).extracting(TierChanged::getActor).containsOnly("test-admin");
        assertThat(moves.get(0).getNote()).isEqualTo("VIP");
        assertThat(moves.get(1).getNote()).isEqualTo("back to normal");
    }

    private String customerWith(long spend) throws Exception {
        String customer = "c-" + UUID.randomUUID();
        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            writer.publish("pos.order-events", customer, OrderPlaced.newBuilder().setEventId(UUID.randomUUID().toString())
                    .setOccurredAt(Instant.now().minusSeconds(60)).setCustomerId(customer).setOrderId(customer + ":o-1").setStoreId("s-1")
                    .setAmount(spend).setCurrency("VND").setReceivedAt(Instant.now()).build());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> http.perform(get("/api/v1/customers/" + customer)).andReturn()
                .getResponse().getStatus() == 200);
        return customer;
    }

    private ResultActions program(String more) throws Exception {
        return http.perform(put("/api/v1/program").contentType(MediaType.APPLICATION_JSON).content("""
                {"currency":"VND","timeZone":"Asia/Ho_Chi_Minh","tierCriterion":"LIFETIME_SPEND","defaultEarnRate":{"spend":10000,"points":1}%s}"""
                .formatted(more)));
    }

    private ResultActions adjust(String customer, String id, long points, String note) throws Exception {
        return http.perform(post("/api/v1/customers/" + customer + "/adjustments").contentType(MediaType.APPLICATION_JSON)
                .content("{\"adjustmentId\":\"" + id + "\",\"points\":" + points + ",\"note\":\"" + note + "\"}"));
    }

    private ResultActions override(String customer, String body) throws Exception {
        return http.perform(put("/api/v1/customers/" + customer + "/tier-override").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private <T extends SpecificRecord> List<T> changesOf(String customer, Class<T> type) {
        try (TopicReader reader = new TopicReader(bootstrapServers, "loyalty.account-changes")) {
            return reader.readFor(Duration.ofSeconds(3)).stream().map(r -> r.value()).filter(type::isInstance).map(type::cast)
                    .filter(v -> customer.equals(String.valueOf(v.get(v.getSchema().getField("customerId").pos()))))
                    .sorted(java.util.Comparator.comparingLong(v -> (Long) v.get(v.getSchema().getField("sequence").pos())))
                    .toList();
        }
    }

}
