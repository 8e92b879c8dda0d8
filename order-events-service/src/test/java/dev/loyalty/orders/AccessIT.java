package dev.loyalty.orders;

import dev.loyalty.support.test.AccessMatrix;
import dev.loyalty.support.test.AccessMatrix.Call;
import dev.loyalty.support.test.AccessMatrix.Credential;
import dev.loyalty.support.test.MongoStandIn;
import dev.loyalty.support.test.TestCredentials;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.loyalty.support.test.AccessMatrix.Expect.ALLOWED;
import static dev.loyalty.support.test.AccessMatrix.Expect.FORBIDDEN;
import static dev.loyalty.support.test.AccessMatrix.Expect.UNAUTHENTICATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Contract "Authentication and roles" on order-events-service: the role table, and a POS key scoped to store s-1
 * writes orders and returns for s-1 only (a return's store is its order's).
 */
@SpringBootTest
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class AccessIT {

    private static final AccessMatrix.TokenIssuer ISSUER = new AccessMatrix.TokenIssuer();
    private static final AccessMatrix.TokenIssuer STRANGER = new AccessMatrix.TokenIssuer();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MongoStandIn.uri("orders-access"));
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + ISSUER.publicKeyPem());
    }

    @Autowired
    WebApplicationContext context;

    private static final Credential NONE = Credential.NONE;
    private static final Credential WRONG = Credential.bearer("a wrong key", "not-a-key-anyone-has");
    private static final Credential EXPIRED = Credential.bearer("an expired admin key", TestCredentials.EXPIRED_ADMIN);
    private static final Credential ADMIN = Credential.bearer("the admin key", TestCredentials.ADMIN);
    private static final Credential POS = Credential.apiKey("the POS key as X-API-Key", TestCredentials.POS);
    private static final Credential POS_S1 = Credential.bearer("the POS key of store s-1", TestCredentials.POS_STORE_S1);
    private static final Credential VIEWER = Credential.bearer("the viewer key", TestCredentials.VIEWER);
    private static final Credential METRICS = Credential.bearer("the metrics key", TestCredentials.METRICS);
    private static final Credential JWT_ADMIN = Credential.bearer("a token with ADMIN", ISSUER.token("alice", List.of("ADMIN")));
    private static final Credential JWT_POS = Credential.bearer("a token with POS", ISSUER.token("till-7", List.of("POS")));
    private static final Credential JWT_NO_ROLE = Credential.bearer("a token without a role", ISSUER.token("carol", List.of()));
    private static final Credential JWT_FORGED = Credential.bearer("a token signed by another key", STRANGER.token("mallory", List.of("ADMIN")));

    private static final List<Credential> EVERY = List.of(NONE, WRONG, EXPIRED, ADMIN, POS, POS_S1, VIEWER, METRICS, JWT_ADMIN,
            JWT_POS, JWT_NO_ROLE, JWT_FORGED);

    @Test
    void everyEndpointAnswersEachCredentialAsTheRoleTableSays() throws Exception {
        AccessMatrix matrix = new AccessMatrix(context);
        Map<Call, List<Credential>> allowed = new LinkedHashMap<>();
        allowed.put(Call.write(HttpMethod.POST, "/api/v1/orders", "{}"), List.of(ADMIN, POS, POS_S1, JWT_ADMIN, JWT_POS));
        allowed.put(Call.write(HttpMethod.POST, "/api/v1/returns", "{}"), List.of(ADMIN, POS, POS_S1, JWT_ADMIN, JWT_POS));
        allowed.put(Call.write(HttpMethod.POST, "/api/v1/imports/opening-balances", "{}"), List.of(ADMIN, JWT_ADMIN));
        allowed.put(Call.get("/v3/api-docs"), List.of(ADMIN, VIEWER, JWT_ADMIN));
        allowed.put(Call.get("/actuator/prometheus"), List.of(ADMIN, METRICS, JWT_ADMIN));
        for (Map.Entry<Call, List<Credential>> row : allowed.entrySet()) {
            for (Credential credential : EVERY) {
                matrix.expect(row.getKey(), credential, row.getValue().contains(credential) ? ALLOWED
                        : List.of(NONE, WRONG, EXPIRED, JWT_FORGED).contains(credential) ? UNAUTHENTICATED : FORBIDDEN);
            }
        }
        for (Credential credential : EVERY) {
            matrix.expect(Call.get("/actuator/health/liveness"), credential, ALLOWED);
        }
        assertThat(matrix.failures()).isEmpty();
    }

    @Test
    void aPosKeyScopedToAStoreWritesOrdersAndReturnsForThatStoreOnly() throws Exception {
        MockMvc http = MockMvcBuilders.webAppContextSetup(context)
                .addFilters(context.getBean("springSecurityFilterChain", jakarta.servlet.Filter.class)).build();
        String own = "o-" + UUID.randomUUID();
        String other = "o-" + UUID.randomUUID();

        order(http, TestCredentials.POS_STORE_S1, own, "s-1").andExpect(status().isAccepted());
        order(http, TestCredentials.POS_STORE_S1, other, "s-2").andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("https://loyalty.dev/problems/forbidden"));
        order(http, TestCredentials.POS, other, "s-2").andExpect(status().isAccepted());
        http.perform(post("/api/v1/orders").header("Authorization", "Bearer " + TestCredentials.POS_STORE_S1)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"storeId\":\"s-2\"}"))
                .andExpect(status().isBadRequest()); // the body is judged before the store (contract "Check order")

        returnOf(http, TestCredentials.POS_STORE_S1, own, null).andExpect(status().isAccepted());
        returnOf(http, TestCredentials.POS_STORE_S1, other, null).andExpect(status().isForbidden());
        returnOf(http, TestCredentials.POS_STORE_S1, own, "s-9").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("storeId"));
        returnOf(http, TestCredentials.POS_STORE_S1, "o-never-seen-" + UUID.randomUUID(), "s-1").andExpect(status().isForbidden());
        returnOf(http, TestCredentials.POS, "o-never-seen-" + UUID.randomUUID(), null).andExpect(status().isAccepted());
    }

    private static ResultActions order(MockMvc http, String key, String orderId, String storeId) throws Exception {
        return http.perform(post("/api/v1/orders").header("Authorization", "Bearer " + key).contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"orderId":"%s","customerId":"c-1","storeId":"%s","amount":1000,"currency":"VND","occurredAt":"2026-11-24T10:15:00+07:00"}"""
                        .formatted(orderId, storeId)));
    }

    private static ResultActions returnOf(MockMvc http, String key, String orderId, String storeId) throws Exception {
        return http.perform(post("/api/v1/returns").header("Authorization", "Bearer " + key).contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"returnId":"r-%s","orderId":"%s","customerId":"c-1",%s"amount":500,"currency":"VND","occurredAt":"2026-11-25T10:15:00+07:00"}"""
                        .formatted(UUID.randomUUID(), orderId, storeId == null ? "" : "\"storeId\":\"" + storeId + "\",")));
    }
}
