package dev.loyalty.engine.adapter.out.mongo;

import dev.loyalty.engine.application.CustomerAccounts;
import dev.loyalty.engine.domain.AccountEvent;
import dev.loyalty.engine.domain.CustomerAccount;
import dev.loyalty.engine.domain.LoyaltyProgram;
import dev.loyalty.engine.domain.TierPolicy;
import dev.loyalty.schemas.events.OrderPlaced;
import dev.loyalty.schemas.events.OrderReturned;
import dev.loyalty.support.test.MongoStandIn;
import dev.loyalty.support.test.TopicWriter;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A customer document in the format before the archive (every order in the document) is migrated by its next event:
 * the orders beyond the recent window move to {@code account_archive}, and a return of the very first order still
 * takes back exactly its points, on the real store adapters and the real broker.
 */
@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class ArchiveMigrationIT {

    private static final String ORDERS = "pos.order-events";
    private static final Instant FIRST = Instant.parse("2026-11-02T03:00:00Z");

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MongoStandIn.uri("loyalty-archive"));
    }

    @Autowired
    MockMvc http;

    @Autowired
    MongoTemplate mongo;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void givenADocumentHoldingAThousandOrdersWhenItsFirstOrderIsReturnedThenItIsArchivedAndExactlyThatOrdersPointsComeBack() throws Exception {
        String customer = "c-" + UUID.randomUUID();
        CustomerAccount account = CustomerAccount.newCustomer(customer);
        Instant now = Instant.parse("2026-11-20T00:00:00Z");
        account = account.apply(new AccountEvent.OrderPlaced("e-0", customer, "o-0", 1_230_000, FIRST), LoyaltyProgram.DEFAULT, TierPolicy.NONE, now).account();
        for (int n = 1; n < 1_000; n++) {
            account = account.apply(new AccountEvent.OrderPlaced("e-" + n, customer, "o-" + n, 100_000, FIRST.plusSeconds(n)),
                    LoyaltyProgram.DEFAULT, TierPolicy.NONE, now).account();
        }
        mongo.getCollection("customers").insertOne(CustomerDocuments.toDocument(new CustomerAccounts.StoredAccount(account, List.of())));
        assertThat(ordersIn(customer)).as("today's format: every order in the document").isEqualTo(1_000);

        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            writer.publish(ORDERS, customer, OrderReturned.newBuilder().setEventId("e-r-0").setOccurredAt(FIRST.plusSeconds(5_000))
                    .setCustomerId(customer).setReturnId("r-0").setOrderId("o-0").setAmount(1_230_000).setCurrency("VND")
                    .setReceivedAt(Instant.now()).build());
        }
        long spend = 999 * 100_000L;
        awaitCustomer(customer, spend, 123 + 999 * 10 - 123);

        assertThat(ordersIn(customer)).as("the recent window only").isLessThanOrEqualTo(192);
        assertThat(mongo.getCollection("account_archive").countDocuments(new Document("customerId", customer))).isGreaterThanOrEqualTo(808);

        try (TopicWriter writer = new TopicWriter(bootstrapServers)) { // an archived order and the same return again, under new ids
            writer.publish(ORDERS, customer, OrderReturned.newBuilder().setEventId("e-r-0-again").setOccurredAt(FIRST.plusSeconds(5_000))
                    .setCustomerId(customer).setReturnId("r-0").setOrderId("o-0").setAmount(1_230_000).setCurrency("VND")
                    .setReceivedAt(Instant.now()).build());
            writer.publish(ORDERS, customer, OrderPlaced.newBuilder().setEventId("e-1-again").setOccurredAt(FIRST.plusSeconds(1))
                    .setCustomerId(customer).setOrderId("o-1").setStoreId("s-1").setAmount(100_000).setCurrency("VND")
                    .setReceivedAt(Instant.now()).build());
            writer.publish(ORDERS, customer, OrderPlaced.newBuilder().setEventId("e-new").setOccurredAt(FIRST.plusSeconds(6_000))
                    .setCustomerId(customer).setOrderId("o-new").setStoreId("s-1").setAmount(100_000).setCurrency("VND")
                    .setReceivedAt(Instant.now()).build());
        }
        awaitCustomer(customer, spend + 100_000, 999 * 10 + 10); // only the new order counts
    }

    private int ordersIn(String customer) {
        return mongo.getCollection("customers").find(new Document("_id", customer)).first().getList("orders", Object.class).size();
    }

    private void awaitCustomer(String customer, long spend, long points) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> http.perform(get("/api/v1/customers/" + customer))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.lifetimeSpend").value(spend))
                .andExpect(jsonPath("$.points.balance").value(points)));
    }
}
