package dev.loyalty.orders;

import dev.loyalty.schemas.events.OrderPlaced;
import dev.loyalty.schemas.events.SalesChannel;
import dev.loyalty.support.test.MongoStandIn;
import dev.loyalty.support.test.TopicReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class OrderIngestionIT {

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MongoStandIn.uri("orders"));
    }

    @Autowired
    MockMvc http;

    @Autowired
    org.springframework.core.env.Environment environment;

    @Test
    void anAcceptedOrderIsOnTheEventLogKeyedByCustomerInMinorUnits() throws Exception {
        MvcResult result = http.perform(post("/api/v1/orders").contentType(MediaType.APPLICATION_JSON).content("""
                        {"orderId":"o-100","customerId":"c-100","storeId":"s-1","amount":2800000,"currency":"VND",
                         "occurredAt":"2026-11-24T10:15:00+07:00","channel":"WHOLESALE"}"""))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("ACCEPTED"))
                .andExpect(jsonPath("$.eventId").isNotEmpty())
                .andReturn();
        String eventId = com.jayway.jsonpath.JsonPath.read(result.getResponse().getContentAsString(), "$.eventId");

        try (TopicReader topic = new TopicReader(environment.getProperty("spring.kafka.bootstrap-servers"), "pos.order-events")) {
            List<ConsumerRecord<String, SpecificRecord>> records = topic.readUntil(
                    r -> r.value() instanceof OrderPlaced o && o.getEventId().equals(eventId), Duration.ofSeconds(10));
            ConsumerRecord<String, SpecificRecord> record = records.stream()
                    .filter(r -> ((OrderPlaced) r.value()).getEventId().equals(eventId)).findFirst().orElseThrow();
            OrderPlaced order = (OrderPlaced) record.value();
            assertThat(record.key()).isEqualTo("c-100");
            assertThat(order.getAmount()).isEqualTo(2_800_000L);
            assertThat(order.getCurrency()).isEqualTo("VND");
            assertThat(order.getChannel()).isEqualTo(SalesChannel.WHOLESALE);
            assertThat(order.getOccurredAt()).isEqualTo(Instant.parse("2026-11-24T03:15:00Z"));
        }
    }

    @Test
    void anAmountSentAsAStringIsABadRequestNamingTheField() throws Exception {
        http.perform(post("/api/v1/orders").contentType(MediaType.APPLICATION_JSON).content("""
                        {"orderId":"o-1","customerId":"c-1","storeId":"s-1","amount":"1000","currency":"VND",
                         "occurredAt":"2026-11-24T10:15:00+07:00"}"""))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("amount"));
    }

    @Test
    void missingAndMalformedFieldsAreEachNamed() throws Exception {
        http.perform(post("/api/v1/orders").contentType(MediaType.APPLICATION_JSON).content("""
                        {"customerId":"c 1","storeId":"s-1","amount":1000,"currency":"VND",
                         "occurredAt":"2026-11-24T10:15:00+07:00"}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("https://loyalty.dev/problems/validation-failed"))
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder("customerId", "orderId")));
    }

    @Test
    void moreDecimalsThanTheCurrencyHasIsABadRequest() throws Exception {
        http.perform(post("/api/v1/orders").contentType(MediaType.APPLICATION_JSON).content("""
                        {"orderId":"o-2","customerId":"c-1","storeId":"s-1","amount":1000.5,"currency":"VND",
                         "occurredAt":"2026-11-24T10:15:00+07:00"}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("amount"));
    }

    @Test
    void aWellFormedAmountInAnotherCurrencyIsACurrencyMismatch() throws Exception {
        http.perform(post("/api/v1/orders").contentType(MediaType.APPLICATION_JSON).content("""
                        {"orderId":"o-3","customerId":"c-1","storeId":"s-1","amount":19.99,"currency":"USD",
                         "occurredAt":"2026-11-24T10:15:00+07:00"}"""))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("https://loyalty.dev/problems/currency-mismatch"));
    }

    @Test
    void malformedJsonIsABadRequestNotAServerError() throws Exception {
        http.perform(post("/api/v1/orders").contentType(MediaType.APPLICATION_JSON).content("{\"orderId\": "))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void healthIsUpAgainstTheMongoStandInAndMetricsAreExposed() throws Exception {
        http.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components.mongo.status").value("UP"));
        http.perform(get("/actuator/prometheus")).andExpect(status().isOk());
    }
}
