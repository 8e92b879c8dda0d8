package dev.loyalty.localstack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The seeds' examples over HTTP across the three services: Bronze at 2,800,000 + 500,000 → Gold,
 * the return → Bronze; a Diamond with 100 locked points spends 50 of 150. The journal shows every
 * change, and its latest balance and its sum of deltas equal the customer view's balance.
 */
class SeedExamplesE2EIT {

    private static LocalStack stack;
    private static PlatformClient client;

    @BeforeAll
    static void startStack() throws IOException {
        Services.Ports ports = new Services.Ports(KafkaBroker.freePort(), KafkaBroker.freePort(), KafkaBroker.freePort());
        stack = LocalStack.start(new LocalStack.Settings(null, KafkaBroker.freePort(), KafkaBroker.freePort(), ports, 3));
        client = new PlatformClient(ports);
        tier("BRONZE", "Bronze", 2_000_000, "3000000", 1, 0);
        tier("GOLD", "Gold", 3_100_000, "4000000", 2, 0);
        tier("DIAMOND", "Diamond", 10_000_000, null, 3, 100);
    }

    @AfterAll
    static void stopStack() {
        stack.close();
    }

    @Test
    void aPurchasePromotesToGoldAtOnceAndItsReturnBringsTheCustomerBackToBronzeAndTheJournalShowsIt() {
        String customer = "c-" + UUID.randomUUID();
        assertThat(client.postOrder("o-1-" + customer, customer, 2_800_000, "2026-11-20T10:00:00+07:00").status()).isEqualTo(202);
        awaitTier(customer, "BRONZE");
        assertThat(client.postOrder("o-2-" + customer, customer, 500_000, "2026-11-24T10:00:00+07:00").status()).isEqualTo(202);
        awaitTier(customer, "GOLD");
        assertThat(client.postReturn("r-1-" + customer, "o-2-" + customer, customer, 500_000, "2026-11-25T10:00:00+07:00").status())
                .isEqualTo(202);
        awaitTier(customer, "BRONZE");

        List<String> types = awaitJournal(customer, 6);
        assertThat(types).containsExactly("TIER_DEMOTED", "POINTS_REVERSED", "TIER_PROMOTED", "POINTS_EARNED", "TIER_PROMOTED", "POINTS_EARNED");
        journalAgreesWithTheCustomerView(customer);
    }

    @Test
    void aDiamondWith150PointsAndALockOf100Spends50() {
        String customer = "c-" + UUID.randomUUID();
        client.postOrder("o-1-" + customer, customer, 10_000_000, "2026-11-24T10:00:00+07:00");
        awaitTier(customer, "DIAMOND");
        assertThat(client.redeem(customer, "setup-" + customer, 850).status()).isEqualTo(201);

        PlatformClient.Response view = client.customer(customer);
        assertThat(((Number) view.read("$.points.balance")).longValue()).isEqualTo(150);
        assertThat(((Number) view.read("$.points.redeemable")).longValue()).isEqualTo(50);
        assertThat(client.redeem(customer, "too-much-" + customer, 60).status()).isEqualTo(409);
        assertThat(client.redeem(customer, "spend-" + customer, 50).status()).isEqualTo(201);

        assertThat(awaitJournal(customer, 4)).containsExactly("POINTS_REDEEMED", "POINTS_REDEEMED", "TIER_PROMOTED", "POINTS_EARNED");
        journalAgreesWithTheCustomerView(customer);
    }

    private static void journalAgreesWithTheCustomerView(String customer) {
        long balance = ((Number) client.customer(customer).read("$.points.balance")).longValue();
        PlatformClient.Response journal = client.journal(customer);
        List<Number> deltas = journal.read("$.items[*].pointsDelta");
        assertThat(((Number) journal.read("$.items[0].pointsBalance")).longValue()).isEqualTo(balance);
        assertThat(deltas.stream().mapToLong(Number::longValue).sum()).isEqualTo(balance);
        assertThat((Boolean) journal.read("$.complete")).isTrue();
    }

    private static void awaitTier(String customer, String tier) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            PlatformClient.Response view = client.customer(customer);
            assertThat(view.status()).isEqualTo(200);
            assertThat((String) view.read("$.tier.code")).isEqualTo(tier);
        });
    }

    private static List<String> awaitJournal(String customer, int entries) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> ((Number) client.journal(customer).read("$.total")).intValue() >= entries);
        return client.journal(customer).read("$.items[*].type");
    }

    private static void tier(String code, String name, long minSpend, String maxSpend, int points, int lock) {
        PlatformClient.Response saved = client.putTier(code, """
                {"name":"%s","minSpend":%d,"maxSpend":%s,"earnRate":{"spend":10000,"points":%d},"minPointBalance":%d,"active":true}"""
                .formatted(name, minSpend, maxSpend, points, lock));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    }
}
