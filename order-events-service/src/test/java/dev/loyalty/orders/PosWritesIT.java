package dev.loyalty.orders;

import dev.loyalty.schemas.events.OrderPlaced;
import dev.loyalty.schemas.events.OrderReturned;
import dev.loyalty.schemas.events.SalesChannel;
import dev.loyalty.support.test.MongoStandIn;
import dev.loyalty.support.test.TopicReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class PosWritesIT {

    private static final String TOPIC = "pos.order-events";

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MongoStandIn.uri("orders-writes"));
    }

    @Autowired
    MockMvc http;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry metrics;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void anAcceptedOrderIsOnTheEventLogKeyedByCustomerInMinorUnits() throws Exception {
        String orderId = id("o");
        String eventId = eventIdOf(postOrder("""
                {"orderId":"%s","customerId":"c-100","storeId":"s-1","amount":2800000,"currency":"VND",
                 "occurredAt":"2026-11-24T10:15:00+07:00","channel":"WHOLESALE"}""".formatted(orderId))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("ACCEPTED")));

        ConsumerRecord<String, SpecificRecord> record = recordsWithEventId(eventId).get(0);
        OrderPlaced order = (OrderPlaced) record.value();
        assertThat(record.key()).isEqualTo("c-100");
        assertThat(order.getOrderId()).isEqualTo(orderId);
        assertThat(order.getAmount()).isEqualTo(2_800_000L);
        assertThat(order.getChannel()).isEqualTo(SalesChannel.WHOLESALE);
        assertThat(order.getOccurredAt()).isEqualTo(Instant.parse("2026-11-24T03:15:00Z"));
    }

    @Test
    void anAnonymousSaleIsAcceptedAndPublishedWithoutACustomer() throws Exception {
        String eventId = eventIdOf(postOrder("""
                {"orderId":"%s","customerId":null,"storeId":"s-1","amount":50000,"currency":"VND",
                 "occurredAt":"2026-11-24T10:15:00+07:00"}""".formatted(id("o"))).andExpect(status().isAccepted()));

        ConsumerRecord<String, SpecificRecord> record = recordsWithEventId(eventId).get(0);
        assertThat(record.key()).isNull();
        assertThat(((OrderPlaced) record.value()).getCustomerId()).isNull();
        assertThat(((OrderPlaced) record.value()).getChannel()).isEqualTo(SalesChannel.RETAIL);
    }

    @Test
    void aReturnIsPublishedAsOrderReturned() throws Exception {
        String eventId = eventIdOf(http.perform(post("/api/v1/returns").contentType(MediaType.APPLICATION_JSON).content("""
                {"returnId":"%s","orderId":"o-1","customerId":"c-7","amount":19.99E3,"currency":"VND",
                 "occurredAt":"2026-11-25T08:00:00Z"}""".formatted(id("r")))).andExpect(status().isAccepted()));

        OrderReturned returned = (OrderReturned) recordsWithEventId(eventId).get(0).value();
        assertThat(returned.getOrderId()).isEqualTo("o-1");
        assertThat(returned.getAmount()).isEqualTo(19_990L);
    }

    @Test
    void theSameOrderAgainIsADuplicateWithTheOriginalEventIdPublishedAgainUnderThatId() throws Exception {
        String orderId = id("o");
        String first = eventIdOf(postOrder(order(orderId, "2800000", "2026-11-24T10:15:00+07:00")));
        // the same content spelled differently: another offset for the same instant, 2800000.0 for 2800000
        postOrder(order(orderId, "2800000.0", "2026-11-24T03:15:00Z"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("DUPLICATE"))
                .andExpect(jsonPath("$.eventId").value(first));

        try (TopicReader reader = new TopicReader(bootstrapServers, TOPIC)) {
            List<ConsumerRecord<String, SpecificRecord>> all = reader.readFor(Duration.ofSeconds(2));
            // nothing records whether the first publication completed, so the duplicate goes out again, as the same
            // event (the engine applies an event id once): a crash between the claim and the ack never loses an order
            assertThat(all).filteredOn(r -> r.value() instanceof OrderPlaced o && o.getOrderId().equals(orderId))
                    .extracting(r -> ((OrderPlaced) r.value()).getEventId()).containsExactly(first, first);
        }
    }

    @Test
    void aNewOrderCostsOneStoreRoundTripItsClaim() throws Exception {
        long before = idempotencyCommands();
        postOrder(order(id("o"), "2800000", "2026-11-24T10:15:00+07:00")).andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("ACCEPTED"));
        assertThat(idempotencyCommands() - before).as("the claim's insert, no read, no update after the ack").isEqualTo(1);
    }

    /** Commands the driver sent to the idempotency collection (its command listener's timer, one per round trip). */
    private long idempotencyCommands() {
        return metrics.find("mongodb.driver.commands").tag("collection", "idempotency").timers().stream()
                .mapToLong(io.micrometer.core.instrument.Timer::count).sum();
    }

    @Test
    void theSameOrderIdWithOtherContentIsAConflictAndNothingIsPublished() throws Exception {
        String orderId = id("o");
        postOrder(order(orderId, "100000", "2026-11-24T10:15:00+07:00")).andExpect(status().isAccepted());

        postOrder(order(orderId, "200000", "2026-11-24T10:15:00+07:00"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://loyalty.dev/problems/idempotency-conflict"));
    }

    @Test
    void aRejectedRequestIsNotRememberedSoItsRetryIsJudgedAfresh() throws Exception {
        String orderId = id("o");
        postOrder(order(orderId, "1000.5", "2026-11-24T10:15:00+07:00")).andExpect(status().isBadRequest());

        postOrder(order(orderId, "1000", "2026-11-24T10:15:00+07:00"))
                .andExpect(status().isAccepted()).andExpect(jsonPath("$.status").value("ACCEPTED"));
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource(delimiter = '|', textBlock = """
            "amount":"1000"                            | amount
            "amount":0                                 | amount
            "amount":-5                                | amount
            "amount":1000.5                            | amount
            "amount":true                              | amount
            "orderId":"o 1"                            | orderId
            "orderId":"abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij12345" | orderId
            "orderId":null                             | orderId
            "customerId":"c/1"                         | customerId
            "storeId":5                                | storeId
            "occurredAt":"2026-11-24T10:15:00"         | occurredAt
            "occurredAt":1732418100000                 | occurredAt
            "channel":"MOBILE"                         | channel
            "channel":0                                | channel
            "orderId":17                               | orderId
            "customerId":true                          | customerId
            "currency":"usd"                           | currency
            "currency":"XYZ"                           | currency
            """)
    void everyInvalidFieldIsABadRequestNamingIt(String override, String field) throws Exception {
        postOrder(orderWith(override))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://loyalty.dev/problems/validation-failed"))
                .andExpect(jsonPath("$.errors[*].field").value(hasItem(field)));
    }

    @Test
    void severalInvalidFieldsAreAllNamedInOneAnswer() throws Exception {
        postOrder("""
                {"customerId":"c 1","storeId":"s-1","amount":1e31,"currency":"usd","occurredAt":"1999-12-31T23:59:59Z"}""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(containsInAnyOrder("orderId", "customerId", "amount", "currency", "occurredAt")));
    }

    @Test
    void aNumberWithAHugeExponentIsRefusedInMilliseconds() throws Exception {
        for (String amount : List.of("1e1000000", "1e-1000000", "-1e999999999", "1" + "0".repeat(999))) {
            long start = System.nanoTime();
            postOrder(orderWith("\"amount\":" + amount + ",\"currency\":\"USD\""))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("amount"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(amount).isLessThan(Duration.ofMillis(100));
        }
    }

    @ParameterizedTest(name = "amount {0} -> 400")
    @CsvSource({"9223372036854775807", "1000000000001", "1e20"})
    void anAmountAboveTheMaximumIsRefusedSoNoTotalCanOverflow(String amount) throws Exception {
        postOrder(orderWith("\"amount\":" + amount))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("amount"))
                .andExpect(jsonPath("$.errors[0].message").value("must be at most 1000000000000"));
    }

    @Test
    void theLargestAllowedAmountIsAccepted() throws Exception {
        postOrder(orderWith("\"amount\":1000000000000")).andExpect(status().isAccepted());
    }

    @ParameterizedTest(name = "occurredAt {0} -> 400")
    @CsvSource({"+300000000-01-01T00:00:00Z", "9999-01-01T00:00:00Z", "2100-01-01T00:00:00Z", "1999-12-31T23:59:59Z",
            "-0001-01-01T00:00:00Z"})
    void aTimeBefore2000OrBeyondTheClockSkewIsRefused(String occurredAt) throws Exception {
        postOrder(order(id("o"), "1000", occurredAt))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("occurredAt"));
    }

    @Test
    void aTimeWithinTheClockSkewIsAccepted() throws Exception {
        String soon = java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(7)).plusHours(23).toString();
        postOrder(order(id("o"), "1000", soon)).andExpect(status().isAccepted());
        postOrder(order(id("o"), "1000", "2000-01-01T00:00:00Z")).andExpect(status().isAccepted());
    }

    @Test
    void moreDecimalsThanTheCurrencyAllowsIsA400EvenInAForeignCurrency() throws Exception {
        postOrder(orderWith("\"amount\":19.999,\"currency\":\"USD\"")).andExpect(status().isBadRequest());
    }

    @Test
    void aWellFormedAmountInAnotherCurrencyIsACurrencyMismatch() throws Exception {
        postOrder(orderWith("\"amount\":19.99,\"currency\":\"USD\""))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("https://loyalty.dev/problems/currency-mismatch"));
    }

    @Test
    void malformedJsonAndNonObjectsAreBadRequestsNotServerErrors() throws Exception {
        postOrder("{\"orderId\": ").andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        postOrder("[1,2]").andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("body"));
        postOrder("").andExpect(status().isBadRequest());
    }

    @Test
    void anOversizedBodyIsPayloadTooLarge() throws Exception {
        String padding = "x".repeat(20_000);
        postOrder(orderWith("\"note\":\"" + padding + "\""))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.type").value("https://loyalty.dev/problems/payload-too-large"));
    }

    @Test
    void anotherMediaTypeIsAProblemNotAServerError() throws Exception {
        http.perform(post("/api/v1/orders").contentType(MediaType.TEXT_PLAIN).content("hello"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void requestsAreCountedByEndpointAndOutcomeAndPublishLatencyIsMeasured() throws Exception {
        postOrder(order(id("o"), "1000", "2026-11-24T10:15:00+07:00")).andExpect(status().isAccepted());
        postOrder(orderWith("\"amount\":19.99,\"currency\":\"USD\"")).andExpect(status().isUnprocessableContent());

        String metrics = http.perform(get("/actuator/prometheus")).andReturn().getResponse().getContentAsString();
        assertThat(metrics).contains("pos_requests_total{").contains("outcome=\"accepted\"")
                .contains("reason=\"currency-mismatch\"").contains("pos_publish_latency_seconds_bucket");
    }

    @Test
    void anErrorForwardedToTheContainersErrorPageIsAProblemToo() throws Exception {
        http.perform(get("/error").requestAttr(jakarta.servlet.RequestDispatcher.ERROR_STATUS_CODE, 400)
                        .requestAttr(jakarta.servlet.RequestDispatcher.ERROR_REQUEST_URI, "/api/v1/orders"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://loyalty.dev/problems/bad-request"));
    }

    @Test
    void theOpenApiDescriptionListsTheContractsEndpoints() throws Exception {
        http.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/v1/orders'].post").exists())
                .andExpect(jsonPath("$.paths['/api/v1/returns'].post").exists())
                .andExpect(jsonPath("$.paths['/api/v1/imports/opening-balances'].post").exists());
    }

    @Test
    void healthIsUpAgainstTheMongoStandIn() throws Exception {
        http.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.components.mongo.status").value("UP"));
    }

    private ResultActions postOrder(String body) throws Exception {
        return http.perform(post("/api/v1/orders").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private static String order(String orderId, String amount, String occurredAt) {
        return """
                {"orderId":"%s","customerId":"c-1","storeId":"s-1","amount":%s,"currency":"VND","occurredAt":"%s"}"""
                .formatted(orderId, amount, occurredAt);
    }

    /** A valid order with some fields replaced (later keys win in our reading). */
    private static String orderWith(String override) {
        return """
                {"orderId":"%s","customerId":"c-1","storeId":"s-1","amount":1000,"currency":"VND",
                 "occurredAt":"2026-11-24T10:15:00+07:00",%s}""".formatted(id("o"), override);
    }

    private static String eventIdOf(ResultActions result) throws Exception {
        return com.jayway.jsonpath.JsonPath.read(result.andReturn().getResponse().getContentAsString(), "$.eventId");
    }

    private List<ConsumerRecord<String, SpecificRecord>> recordsWithEventId(String eventId) {
        try (TopicReader reader = new TopicReader(bootstrapServers, TOPIC)) {
            return reader.readUntil(r -> eventId.equals(eventIdOf(r.value())), Duration.ofSeconds(10)).stream()
                    .filter(r -> eventId.equals(eventIdOf(r.value()))).toList();
        }
    }

    private static String eventIdOf(SpecificRecord event) {
        return String.valueOf(event.get(event.getSchema().getField("eventId").pos()));
    }

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }
}
