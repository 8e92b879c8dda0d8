package dev.loyalty.orders;

import dev.loyalty.schemas.events.OpeningBalanceImported;
import dev.loyalty.support.test.MongoStandIn;
import dev.loyalty.support.test.TopicReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class OpeningBalanceImportIT {

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MongoStandIn.uri("orders-imports"));
    }

    @Autowired
    MockMvc http;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void aJsonImportPublishesEachGoodRowAndReportsTheBadOnesByIndex() throws Exception {
        String importId = "imp-" + UUID.randomUUID();
        importJson("""
                {"importId":"%s","asOf":"2026-11-01T00:00:00+07:00","source":"misa",
                 "rows":[{"customerId":"c-1","lifetimeSpend":12500000,"firstPurchaseAt":"2024-03-05T09:00:00+07:00"},
                         {"customerId":"c 2","lifetimeSpend":"1000"},
                         {"customerId":"c-3","lifetimeSpend":0},
                         {"customerId":"c-4","lifetimeSpend":100.5}]}""".formatted(importId))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.importId").value(importId))
                .andExpect(jsonPath("$.accepted").value(2))
                .andExpect(jsonPath("$.rejected.length()").value(2))
                .andExpect(jsonPath("$.rejected[0].line").value(2))
                .andExpect(jsonPath("$.rejected[0].customerId").value("c 2"))
                .andExpect(jsonPath("$.rejected[0].reason").value(org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("customerId"), org.hamcrest.Matchers.containsString("lifetimeSpend"))))
                .andExpect(jsonPath("$.rejected[1].line").value(4));

        List<OpeningBalanceImported> published = publishedRowsOf(importId, 2);
        assertThat(published).extracting(OpeningBalanceImported::getCustomerId).containsExactlyInAnyOrder("c-1", "c-3");
        OpeningBalanceImported first = published.stream().filter(e -> e.getCustomerId().equals("c-1")).findFirst().orElseThrow();
        assertThat(first.getLifetimeSpend()).isEqualTo(12_500_000L);
        assertThat(first.getSource()).isEqualTo("misa");
        assertThat(first.getOccurredAt()).isEqualTo(Instant.parse("2026-10-31T17:00:00Z"));
        assertThat(first.getFirstPurchaseAt()).isEqualTo(Instant.parse("2024-03-05T02:00:00Z"));
        OpeningBalanceImported zero = published.stream().filter(e -> e.getCustomerId().equals("c-3")).findFirst().orElseThrow();
        assertThat(zero.getFirstPurchaseAt()).as("defaults to asOf").isEqualTo(zero.getOccurredAt());
    }

    @Test
    void aCsvImportNamesTheLineOfEachBadRowWithTheHeaderAsLineOne() throws Exception {
        String importId = "imp-" + UUID.randomUUID();
        importCsv(importId, """
                customerId,lifetimeSpend,firstPurchaseAt
                c-1,2800000,2025-01-01T00:00:00+07:00
                c-2,abc,
                c-3,500000,
                c-4,100,2026-11-15T00:00:00Z
                "c-5",700000,
                """)
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.accepted").value(3))
                .andExpect(jsonPath("$.rejected[0].line").value(3))
                .andExpect(jsonPath("$.rejected[0].customerId").value("c-2"))
                .andExpect(jsonPath("$.rejected[1].line").value(5))
                .andExpect(jsonPath("$.rejected[1].reason").value(org.hamcrest.Matchers.containsString("after asOf")));

        assertThat(publishedRowsOf(importId, 3)).extracting(OpeningBalanceImported::getCustomerId)
                .containsExactlyInAnyOrder("c-1", "c-3", "c-5");
    }

    @Test
    void theSameImportAgainPublishesNothingAndACorrectedLineIsAConflict() throws Exception {
        String importId = "imp-" + UUID.randomUUID();
        String csv = """
                customerId,lifetimeSpend
                c-1,1000000
                c-2,2000000
                """;
        importCsv(importId, csv).andExpect(jsonPath("$.accepted").value(2));

        importCsv(importId, csv).andExpect(jsonPath("$.accepted").value(0)).andExpect(jsonPath("$.duplicates").value(2));
        importCsv(importId, csv.replace("2000000", "2500000"))
                .andExpect(jsonPath("$.accepted").value(0))
                .andExpect(jsonPath("$.duplicates").value(1))
                .andExpect(jsonPath("$.rejected[0].line").value(3))
                .andExpect(jsonPath("$.rejected[0].reason").value(org.hamcrest.Matchers.startsWith("idempotency-conflict")));

        try (TopicReader reader = new TopicReader(bootstrapServers, "pos.order-events")) {
            List<ConsumerRecord<String, SpecificRecord>> all = reader.readFor(Duration.ofSeconds(2));
            assertThat(all).filteredOn(r -> r.value() instanceof OpeningBalanceImported o && o.getImportId().equals(importId)).hasSize(2);
        }
    }

    @Test
    void aCsvWithAnotherHeaderIsABadRequestNamingTheExpectedOne() throws Exception {
        importCsv("imp-1", "customer,spend\nc-1,100\n")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("customerId,lifetimeSpend[,firstPurchaseAt]")));
    }

    @Test
    void missingOrBadImportParametersAreABadRequestNamingEach() throws Exception {
        http.perform(post("/api/v1/imports/opening-balances").param("asOf", "2026-11-01").contentType("text/csv")
                        .content("customerId,lifetimeSpend\nc-1,100\n"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("importId", "source", "asOf")));
        importJson("""
                {"importId":"imp-2","asOf":"2026-11-01T00:00:00Z","source":"misa","rows":{"customerId":"c-1"}}""")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("rows"));
    }

    @Test
    void aRowBreakingABoundIsRejectedAloneAndTheOthersAreImported() throws Exception {
        String importId = "imp-" + UUID.randomUUID();
        importJson("""
                {"importId":"%s","asOf":"2026-11-01T00:00:00+07:00","source":"misa","rows":[
                  {"customerId":"c-1","lifetimeSpend":1e1000000},
                  {"customerId":"c-2","lifetimeSpend":9223372036854775807},
                  {"customerId":"c-3","lifetimeSpend":1000,"firstPurchaseAt":"1999-12-31T00:00:00Z"},
                  {"customerId":"c-4","lifetimeSpend":1000000000000},
                  {"customerId":"c-5","lifetimeSpend":1000,"firstPurchaseAt":1700000000}
                ]}""".formatted(importId))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.accepted").value(1))
                .andExpect(jsonPath("$.rejected[*].line").value(org.hamcrest.Matchers.contains(1, 2, 3, 5)))
                .andExpect(jsonPath("$.rejected[0].reason").value(org.hamcrest.Matchers.containsString("significant digits")))
                .andExpect(jsonPath("$.rejected[1].reason").value(org.hamcrest.Matchers.containsString("at most 1000000000000")))
                .andExpect(jsonPath("$.rejected[2].reason").value(org.hamcrest.Matchers.containsString("firstPurchaseAt must not be before")))
                .andExpect(jsonPath("$.rejected[3].reason").value(org.hamcrest.Matchers.containsString("firstPurchaseAt must be an ISO-8601")));
        assertThat(publishedRowsOf(importId, 1)).extracting(OpeningBalanceImported::getCustomerId).containsExactly("c-4");
    }

    @Test
    void aCsvRowWithAHugeNumberIsRejectedAloneInMilliseconds() throws Exception {
        String importId = "imp-" + UUID.randomUUID();
        long start = System.nanoTime();
        importCsv(importId, "customerId,lifetimeSpend\nc-1,1e1000000\nc-2," + "9".repeat(5000) + "\nc-3,100\n")
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.accepted").value(1))
                .andExpect(jsonPath("$.rejected[*].line").value(org.hamcrest.Matchers.contains(2, 3)));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void anAsOfBeyondTheClockSkewIsABadRequest() throws Exception {
        importJson("""
                {"importId":"imp-3","asOf":"2100-01-01T00:00:00Z","source":"misa","rows":[]}""")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("asOf"));
    }

    private ResultActions importJson(String body) throws Exception {
        return http.perform(post("/api/v1/imports/opening-balances").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions importCsv(String importId, String csv) throws Exception {
        return http.perform(post("/api/v1/imports/opening-balances")
                .param("importId", importId).param("asOf", "2026-11-01T00:00:00+07:00").param("source", "misa")
                .contentType("text/csv").content(csv));
    }

    private List<OpeningBalanceImported> publishedRowsOf(String importId, int expected) {
        try (TopicReader reader = new TopicReader(bootstrapServers, "pos.order-events")) {
            return reader.readUntil(r -> false, Duration.ofSeconds(2)).stream()
                    .map(ConsumerRecord::value)
                    .filter(v -> v instanceof OpeningBalanceImported o && o.getImportId().equals(importId))
                    .map(OpeningBalanceImported.class::cast).toList();
        }
    }
}
