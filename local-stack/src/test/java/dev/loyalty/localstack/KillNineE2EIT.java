package dev.loyalty.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What {@code ./run-local.sh} promises a POS: a 202 is never lost. The stack runs as its own process, as the
 * script runs it; orders stream in over HTTP from several tills while the process is killed with SIGKILL twice
 * and started again on the same data; every request not answered 202 is sent again until it is, as a POS
 * retries. Afterwards every customer's spend and points are exactly what the accepted orders make, each order
 * counted once, and the journal agrees, complete.
 */
class KillNineE2EIT {

    private static final int CUSTOMERS = 40;
    private static final int ORDERS = 1_200;
    private static final long AMOUNT = 120_000; // earns 12 points at the default rate

    @Test
    void everyAcceptedOrderIsAppliedExactlyOnceAcrossTwoKillsOfTheStack(@TempDir Path dataDir) throws Exception {
        Command command = Command.parse("--data-dir=" + dataDir, "--kafka-port=" + KafkaBroker.freePort(),
                "--mongo-port=" + KafkaBroker.freePort(), "--orders-port=" + KafkaBroker.freePort(),
                "--loyalty-port=" + KafkaBroker.freePort(), "--audit-port=" + KafkaBroker.freePort());
        PlatformClient client = new PlatformClient(command.ports());
        Map<String, AtomicLong> accepted = new ConcurrentHashMap<>();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger retried = new AtomicInteger();

        ComponentProcess stack = startStack(command, dataDir);
        ExecutorService tills = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> streams = new ArrayList<>();
            for (int till = 0; till < 4; till++) {
                int first = till;
                streams.add(tills.submit(() -> {
                    for (int i = first; i < ORDERS; i += 4) {
                        String customer = "kill9-" + (i % CUSTOMERS);
                        String orderId = "o-" + i;
                        sent.incrementAndGet();
                        while (client.postOrder(orderId, customer, AMOUNT, "2026-11-24T10:15:00+07:00").status() != 202) {
                            retried.incrementAndGet();
                            sleep(200); // the stack is down or starting: the till tries again
                        }
                        accepted.computeIfAbsent(customer, c -> new AtomicLong()).addAndGet(AMOUNT);
                    }
                    return null;
                }));
            }
            for (int kill = 1; kill <= 2; kill++) {
                int reached = ORDERS / 3 * kill;
                await().atMost(Duration.ofSeconds(60)).until(() -> sent.get() >= reached);
                stack.process().destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, nothing flushed
                stack = startStack(command, dataDir);
            }
            for (Future<?> stream : streams) {
                stream.get();
            }
        } finally {
            tills.shutdownNow();
        }
        try {
            assertThat(retried.get()).as("the kills interrupted the stream").isPositive();
            long total = accepted.values().stream().mapToLong(AtomicLong::get).sum();
            assertThat(total).isEqualTo(ORDERS * AMOUNT);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                for (Map.Entry<String, AtomicLong> customer : accepted.entrySet()) {
                    PlatformClient.Response view = client.customer(customer.getKey());
                    assertThat(view.status()).as(view.body()).isEqualTo(200);
                    long spend = ((Number) view.read("$.lifetimeSpend")).longValue();
                    assertThat(spend).as("spend of %s: every accepted order once", customer.getKey()).isEqualTo(customer.getValue().get());
                    assertThat(((Number) view.read("$.points.balance")).longValue()).isEqualTo(spend / 10_000);
                }
            });
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                for (Map.Entry<String, AtomicLong> customer : accepted.entrySet()) {
                    PlatformClient.Response journal = client.get(command.ports().audit(),
                            "/api/v1/customers/" + customer.getKey() + "/journal?size=500");
                    assertThat((Boolean) journal.read("$.complete")).as("journal of %s has no gap", customer.getKey()).isTrue();
                    List<Integer> deltas = journal.read("$.items[*].pointsDelta");
                    assertThat(deltas.stream().mapToLong(Integer::longValue).sum()).as("journal of %s", customer.getKey())
                            .isEqualTo(customer.getValue().get() / 10_000);
                }
            });
        } finally {
            stack.close();
        }
    }

    private static ComponentProcess startStack(Command command, Path dataDir) {
        List<String> arguments = new ArrayList<>(List.of("--data-dir=" + dataDir, "--kafka-port=" + command.kafkaPort(),
                "--mongo-port=" + command.mongoPort(), "--orders-port=" + command.ports().orders(),
                "--loyalty-port=" + command.ports().loyalty(), "--audit-port=" + command.ports().audit()));
        ComponentProcess stack = ComponentProcess.start(arguments, dataDir.resolve("logs"), "stack", "1536m");
        for (int port : List.of(command.ports().orders(), command.ports().loyalty(), command.ports().audit())) {
            ComponentProcess.awaitReady(port, Duration.ofSeconds(120));
        }
        return stack;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
