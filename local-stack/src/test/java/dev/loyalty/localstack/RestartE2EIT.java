package dev.loyalty.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** What {@code ./run-local.sh} promises across restarts: data survives, and a taken port is a clear error. */
class RestartE2EIT {

    @Test
    void aSecondStartKeepsTheCustomerAndTheJournalGoesOnInSequence(@TempDir Path dataDir) throws IOException {
        LocalStack.Settings settings = settings(dataDir);
        PlatformClient client = new PlatformClient(settings.servicePorts());
        String customer;
        try (LocalStack ignored = LocalStack.start(settings)) {
            customer = new ThinPathScenario(client).anOrderPostedOverHttpReachesTheCustomerViewAndTheJournal();
        }

        try (LocalStack ignored = LocalStack.start(settings)) {
            PlatformClient.Response view = client.customer(customer);
            assertThat(view.status()).as(view.body()).isEqualTo(200);
            assertThat(((Number) view.read("$.points.balance")).longValue()).isEqualTo(280);

            assertThat(client.postOrder("o-" + UUID.randomUUID(), customer, 500_000, "2026-11-25T09:00:00+07:00").status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                PlatformClient.Response journal = client.journal(customer);
                List<Integer> deltas = journal.read("$.items[*].pointsDelta");
                assertThat(deltas).containsExactly(50, 280);
                assertThat((Boolean) journal.read("$.complete")).isTrue();
            });
        }
    }

    @Test
    void aPortAlreadyInUseIsAClearErrorNamingIt(@TempDir Path dataDir) throws IOException {
        LocalStack.Settings settings = settings(dataDir);
        try (java.net.ServerSocket taken = new java.net.ServerSocket(settings.servicePorts().loyalty(), 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> LocalStack.start(settings))
                    .isInstanceOf(LocalStack.PortInUseException.class)
                    .hasMessageContaining("port " + settings.servicePorts().loyalty() + " (loyalty-service)");
        }
    }

    private static LocalStack.Settings settings(Path dataDir) throws IOException {
        return new LocalStack.Settings(dataDir, KafkaBroker.freePort(), KafkaBroker.freePort(),
                new Services.Ports(KafkaBroker.freePort(), KafkaBroker.freePort(), KafkaBroker.freePort()), 3);
    }
}
