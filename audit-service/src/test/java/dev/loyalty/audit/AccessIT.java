package dev.loyalty.audit;

import dev.loyalty.support.test.AccessMatrix;
import dev.loyalty.support.test.AccessMatrix.Call;
import dev.loyalty.support.test.AccessMatrix.Credential;
import dev.loyalty.support.security.AccessProperties;
import dev.loyalty.support.test.MongoStandIn;
import dev.loyalty.support.test.TestCredentials;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpMethod;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.loyalty.support.test.AccessMatrix.Expect.ALLOWED;
import static dev.loyalty.support.test.AccessMatrix.Expect.FORBIDDEN;
import static dev.loyalty.support.test.AccessMatrix.Expect.UNAUTHENTICATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Contract "Authentication and roles" on audit-service: the role table (the journal is a VIEWER's, not a till's).
 */
@SpringBootTest
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class AccessIT {

    private static final AccessMatrix.TokenIssuer ISSUER = new AccessMatrix.TokenIssuer();
    private static final AccessMatrix.TokenIssuer STRANGER = new AccessMatrix.TokenIssuer();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MongoStandIn.uri("audit-access"));
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + ISSUER.publicKeyPem());
        registry.add("loyalty.security.cors-allowed-origins", () -> CONSOLE);
    }

    /** The admin console's origin: its page may call this service from the browser, no other page may. */
    private static final String CONSOLE = "https://loyalty.example.com";

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
        allowed.put(Call.get("/api/v1/customers/c-1/journal"), List.of(ADMIN, VIEWER, JWT_ADMIN));
        allowed.put(Call.get("/api/v1/customers/c-1/journal?type=NOPE"), List.of(ADMIN, VIEWER, JWT_ADMIN));
        allowed.put(Call.get("/api/v1/overview"), List.of(ADMIN, VIEWER, JWT_ADMIN));
        allowed.put(Call.write(HttpMethod.DELETE, "/api/v1/customers/c-1/journal", null), List.of(ADMIN, JWT_ADMIN));
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
    void theConsolesOriginMayCallFromABrowserAndNoOtherPageMay() throws Exception {
        MockMvc http = MockMvcBuilders.webAppContextSetup(context)
                .addFilters(context.getBean("springSecurityFilterChain", jakarta.servlet.Filter.class)).build();

        http.perform(options("/api/v1/overview").header("Origin", CONSOLE).header("Access-Control-Request-Method", "GET")
                        .header("Access-Control-Request-Headers", "authorization"))
                .andExpect(status().isOk())
                .andExpect(header().string("Access-Control-Allow-Origin", CONSOLE))
                .andExpect(header().doesNotExist("Access-Control-Allow-Credentials"));
        http.perform(get("/api/v1/overview").header("Origin", CONSOLE).header("Authorization", "Bearer " + TestCredentials.VIEWER))
                .andExpect(status().isOk()).andExpect(header().string("Access-Control-Allow-Origin", CONSOLE));

        http.perform(options("/api/v1/overview").header("Origin", "https://elsewhere.example").header("Access-Control-Request-Method", "GET"))
                .andExpect(status().isForbidden()).andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
        http.perform(get("/api/v1/overview").header("Origin", "https://elsewhere.example").header("Authorization", "Bearer " + TestCredentials.VIEWER))
                .andExpect(status().isForbidden());
    }

    @Test
    void anyOriginAtAllIsRefusedAsASetting() {
        assertThatThrownBy(() -> new AccessProperties(List.of(), "roles", List.of("*")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never *");
        assertThatThrownBy(() -> new AccessProperties(List.of(), "roles", List.of("https://*.example.com")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
