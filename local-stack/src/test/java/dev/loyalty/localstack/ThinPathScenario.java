package dev.loyalty.localstack;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walking skeleton's thin path across all three services, over HTTP only: an order goes in at
 * order-events-service, loyalty-service counts it, audit-service's journal shows it. Shared by the
 * embedded-stack and the Testcontainers end-to-end tests.
 */
final class ThinPathScenario {

    private final PlatformClient client;

    ThinPathScenario(PlatformClient client) {
        this.client = client;
    }

    /** @return the customer used, so a caller can check more about it */
    String anOrderPostedOverHttpReachesTheCustomerViewAndTheJournal() {
        String customer = "c-" + UUID.randomUUID();

        PlatformClient.Response accepted = client.postOrder("o-" + UUID.randomUUID(), customer, 2_800_000, "2026-11-24T10:15:00+07:00");

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat((String) accepted.read("$.status")).isEqualTo("ACCEPTED");
        String eventId = accepted.read("$.eventId");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            PlatformClient.Response view = client.customer(customer);
            assertThat(view.status()).as(view.body()).isEqualTo(200);
            assertThat(((Number) view.read("$.lifetimeSpend")).longValue()).isEqualTo(2_800_000);
            assertThat(((Number) view.read("$.points.balance")).longValue()).isEqualTo(280);
        });
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            PlatformClient.Response journal = client.journal(customer);
            assertThat(journal.status()).as(journal.body()).isEqualTo(200);
            List<String> types = journal.read("$.items[*].type");
            assertThat(types).containsExactly("POINTS_EARNED");
            assertThat(((Number) journal.read("$.items[0].pointsDelta")).longValue()).isEqualTo(280);
            assertThat((String) journal.read("$.items[0].sourceEventId")).isEqualTo(eventId);
        });
        return customer;
    }

    void everyServiceIsHealthyAndExposesMetrics(Services.Ports ports) {
        for (int port : List.of(ports.orders(), ports.loyalty(), ports.audit())) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                PlatformClient.Response health = client.get(port, "/actuator/health");
                assertThat(health.status()).as(health.body()).isEqualTo(200);
                assertThat((String) health.read("$.status")).isEqualTo("UP");
                assertThat((String) health.read("$.components.mongo.status")).isEqualTo("UP");
            });
            assertThat(client.get(port, "/actuator/health/readiness").status()).isEqualTo(200);
            assertThat(client.get(port, "/actuator/health/liveness").status()).isEqualTo(200);
            PlatformClient.Response metrics = client.get(port, "/actuator/prometheus");
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        }
    }
}
