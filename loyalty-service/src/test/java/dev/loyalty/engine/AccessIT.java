package dev.loyalty.engine;

import dev.loyalty.support.test.AccessMatrix;
import dev.loyalty.support.test.AccessMatrix.Call;
import dev.loyalty.support.test.AccessMatrix.Credential;
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

import java.util.List;
import java.util.Map;

import static dev.loyalty.support.test.AccessMatrix.Expect.ALLOWED;
import static dev.loyalty.support.test.AccessMatrix.Expect.FORBIDDEN;
import static dev.loyalty.support.test.AccessMatrix.Expect.UNAUTHENTICATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Contract "Authentication and roles" on loyalty-service: every endpoint with every kind of credential answers as
 * the role table says (401, 403, or past access control), each refusal a problem. Writes carry bodies the handler
 * refuses (400), so allowing them changes nothing.
 */
@SpringBootTest
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class AccessIT {

    private static final AccessMatrix.TokenIssuer ISSUER = new AccessMatrix.TokenIssuer();
    private static final AccessMatrix.TokenIssuer STRANGER = new AccessMatrix.TokenIssuer();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MongoStandIn.uri("loyalty-access"));
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + ISSUER.publicKeyPem());
    }

    @Autowired
    WebApplicationContext context;

    private static final Credential NONE = Credential.NONE;
    private static final Credential WRONG = Credential.bearer("a wrong key", "not-a-key-anyone-has");
    private static final Credential EXPIRED = Credential.bearer("an expired admin key", TestCredentials.EXPIRED_ADMIN);
    private static final Credential ADMIN = Credential.bearer("the admin key", TestCredentials.ADMIN);
    private static final Credential ADMIN_HEADER = Credential.apiKey("the admin key as X-API-Key", TestCredentials.ADMIN);
    private static final Credential POS = Credential.bearer("the POS key", TestCredentials.POS);
    private static final Credential VIEWER = Credential.bearer("the viewer key", TestCredentials.VIEWER);
    private static final Credential METRICS = Credential.bearer("the metrics key", TestCredentials.METRICS);
    private static final Credential JWT_ADMIN = Credential.bearer("a token with ADMIN", ISSUER.token("alice", List.of("ADMIN")));
    private static final Credential JWT_VIEWER = Credential.bearer("a token with viewer", ISSUER.token("bob", List.of("viewer")));
    private static final Credential JWT_NO_ROLE = Credential.bearer("a token without a role", ISSUER.token("carol", List.of()));
    private static final Credential JWT_FORGED = Credential.bearer("a token signed by another key", STRANGER.token("mallory", List.of("ADMIN")));

    private static final List<Credential> EVERY = List.of(NONE, WRONG, EXPIRED, ADMIN, ADMIN_HEADER, POS, VIEWER, METRICS,
            JWT_ADMIN, JWT_VIEWER, JWT_NO_ROLE, JWT_FORGED);

    @Test
    void everyEndpointAnswersEachCredentialAsTheRoleTableSays() throws Exception {
        AccessMatrix matrix = new AccessMatrix(context);
        Map<Call, List<Credential>> allowed = new java.util.LinkedHashMap<>();
        allowed.put(Call.get("/api/v1/customers/c-1"), List.of(ADMIN, ADMIN_HEADER, POS, VIEWER, JWT_ADMIN, JWT_VIEWER));
        allowed.put(Call.write(HttpMethod.POST, "/api/v1/customers/c-1/redemptions", "{}"), List.of(ADMIN, ADMIN_HEADER, POS, JWT_ADMIN));
        allowed.put(Call.get("/api/v1/program"), List.of(ADMIN, ADMIN_HEADER, VIEWER, JWT_ADMIN, JWT_VIEWER));
        allowed.put(Call.write(HttpMethod.PUT, "/api/v1/program", "{}"), List.of(ADMIN, ADMIN_HEADER, JWT_ADMIN));
        allowed.put(Call.get("/api/v1/tiers"), List.of(ADMIN, ADMIN_HEADER, VIEWER, JWT_ADMIN, JWT_VIEWER));
        allowed.put(Call.write(HttpMethod.PUT, "/api/v1/tiers/GOLD", "{}"), List.of(ADMIN, ADMIN_HEADER, JWT_ADMIN));
        allowed.put(Call.write(HttpMethod.DELETE, "/api/v1/tiers/NO-SUCH", null), List.of(ADMIN, ADMIN_HEADER, JWT_ADMIN));
        allowed.put(Call.write(HttpMethod.POST, "/api/v1/recalculations", "{}"), List.of(ADMIN, ADMIN_HEADER, JWT_ADMIN));
        allowed.put(Call.get("/api/v1/recalculations"), List.of(ADMIN, ADMIN_HEADER, VIEWER, JWT_ADMIN, JWT_VIEWER));
        allowed.put(Call.write(HttpMethod.DELETE, "/api/v1/recalculations/no-such-job", null), List.of(ADMIN, ADMIN_HEADER, JWT_ADMIN));
        allowed.put(Call.get("/actuator/prometheus"), List.of(ADMIN, ADMIN_HEADER, METRICS, JWT_ADMIN));
        allowed.put(Call.get("/actuator/metrics"), List.of(ADMIN, ADMIN_HEADER, JWT_ADMIN));
        allowed.put(Call.get("/api/v1/no-such-thing"), List.of(ADMIN, ADMIN_HEADER, VIEWER, JWT_ADMIN, JWT_VIEWER));
        allowed.put(Call.write(HttpMethod.POST, "/api/v1/no-such-thing", "{}"), List.of(ADMIN, ADMIN_HEADER, JWT_ADMIN));
        for (Map.Entry<Call, List<Credential>> row : allowed.entrySet()) {
            for (Credential credential : EVERY) {
                matrix.expect(row.getKey(), credential, row.getValue().contains(credential) ? ALLOWED
                        : List.of(NONE, WRONG, EXPIRED, JWT_FORGED).contains(credential) ? UNAUTHENTICATED : FORBIDDEN);
            }
        }
        for (Credential credential : EVERY) {
            matrix.expect(Call.get("/actuator/health"), credential, ALLOWED);
            matrix.expect(Call.get("/actuator/health/readiness"), credential, ALLOWED);
        }
        assertThat(matrix.failures()).isEmpty();
    }

    @Test
    void theAdminConsolesFilesAndWhereItFindsTheOtherServicesLoadWithoutAKey() throws Exception {
        MockMvc http = MockMvcBuilders.webAppContextSetup(context)
                .addFilters(context.getBean("springSecurityFilterChain", jakarta.servlet.Filter.class)).build();

        http.perform(get("/admin/")).andExpect(status().isOk()).andExpect(forwardedUrl("/admin/index.html"));
        String page = http.perform(get("/admin/index.html")).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("<title>Loyalty admin</title>");
        String script = page.replaceAll("(?s).*src=\"(/admin/assets/[^\"]+\\.js)\".*", "$1");
        http.perform(get(script)).andExpect(status().isOk());
        http.perform(get("/admin/config.json")).andExpect(status().isOk())
                .andExpect(jsonPath("$.ordersUrl").value("http://localhost:8081"))
                .andExpect(jsonPath("$.auditUrl").value("http://localhost:8083"));
        http.perform(get("/api/v1/program")).andExpect(status().isUnauthorized()); // what the console then calls needs a key
    }
}
