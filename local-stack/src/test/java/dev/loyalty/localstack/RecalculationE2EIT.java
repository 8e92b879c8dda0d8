package dev.loyalty.localstack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The MISA Lomas story across the three services: historical spend is imported, tiers change,
 * and a recalculation moves everybody from the total. Each change is one RECALCULATION entry in
 * the customer's journal; unchanged customers get none; a second run adds nothing.
 */
class RecalculationE2EIT {

    private static LocalStack stack;
    private static PlatformClient client;

    @BeforeAll
    static void startStack() throws IOException {
        Services.Ports ports = new Services.Ports(KafkaBroker.freePort(), KafkaBroker.freePort(), KafkaBroker.freePort());
        stack = LocalStack.start(new LocalStack.Settings(null, KafkaBroker.freePort(), KafkaBroker.freePort(), ports, 3));
        client = new PlatformClient(ports);
    }

    @AfterAll
    static void stopStack() {
        stack.close();
    }

    @Test
    void givenImportedHistoryWhenThePolicyChangesAndEverybodyIsRecalculatedThenTheJournalShowsOneEntryPerChange() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String imported = "imported-" + run;
        String recent = "recent-" + run;
        String untouched = "untouched-" + run;
        tier("SILVER", "Silver", 1_000_000, "4999999", 1);
        tier("GOLD", "Gold", 5_000_000, null, 2);

        // given: 4,500,000 of history imported (Silver, no points), then a 600,000 order (Gold, earned at Silver's rate)
        PlatformClient.Response accepted = client.importOpeningBalances("""
                {"importId":"misa-%s","asOf":"2026-10-31T17:00:00Z","source":"misa","rows":[{"customerId":"%s","lifetimeSpend":4500000}]}"""
                .formatted(run, imported));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        awaitTier(imported, "SILVER");
        client.postOrder("o-" + imported, imported, 600_000, "2026-11-20T10:00:00+07:00");
        client.postOrder("o-" + recent, recent, 1_200_000, "2026-11-20T10:00:00+07:00");
        client.postOrder("o-" + untouched, untouched, 300_000, "2026-11-20T10:00:00+07:00");
        awaitTier(imported, "GOLD");
        awaitTier(recent, "SILVER");
        awaitJournal(untouched, 1);
        assertThat(balance(imported)).isEqualTo(60);

        // when: Gold earns 3 per 10,000 from now on and Silver starts at 1,500,000; everybody is recalculated
        tier("SILVER", "Silver", 1_500_000, "4999999", 1);
        tier("GOLD", "Gold", 5_000_000, null, 3);
        Map<String, Object> job = runToTheEnd("{\"tiers\":true,\"points\":true}");
        assertThat(((Number) job.get("changedTiers")).intValue()).isGreaterThanOrEqualTo(1);

        // then: points from the total at Gold's new rate, the import included; a demotion; nothing for the others
        assertThat(balance(imported)).as("(4,500,000 + 600,000) / 10,000 × 3").isEqualTo(1_530);
        assertThat(tierOf(recent)).isNull();
        assertThat(balance(recent)).isEqualTo(120);
        assertThat(recalculationEntries(imported, 3)).singleElement()
                .satisfies(e -> assertThat(e).containsEntry("type", "POINTS_RECALCULATED").containsEntry("pointsDelta", 1_470)
                        .as("an admin write: its actor").containsEntry("actor", "dev-admin"));
        assertThat(recalculationEntries(recent, 3)).singleElement().satisfies(e -> assertThat(e).containsEntry("type", "TIER_DEMOTED")
                .containsEntry("actor", "dev-admin"));
        assertThat(job).as("who started it").containsEntry("requestedBy", "dev-admin");
        List<Map<String, Object>> history = client.journal(imported).read("$.items[*]");
        assertThat(history).filteredOn(e -> "OPENING_BALANCE".equals(e.get("reason"))).singleElement()
                .satisfies(e -> assertThat(e).as("the import's entries carry the importer").containsEntry("actor", "dev-admin"));
        assertThat(history).filteredOn(e -> "ORDER".equals(e.get("reason"))).allSatisfy(e -> assertThat(e.get("actor")).isNull());
        assertThat(recalculationEntries(untouched, 1)).isEmpty();
        journalAgreesWithTheCustomerView(imported);
        journalAgreesWithTheCustomerView(recent);

        // and: the same recalculation again changes nothing
        Map<String, Object> second = runToTheEnd("{\"tiers\":true,\"points\":true}");
        assertThat(second).containsEntry("changedTiers", 0).containsEntry("changedPoints", 0);
        assertThat(((Number) client.journal(imported).read("$.total")).intValue()).isEqualTo(4);
    }

    private static Map<String, Object> runToTheEnd(String options) {
        PlatformClient.Response started = client.startRecalculation(options);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String jobId = started.read("$.jobId");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> "DONE".equals(client.recalculation(jobId).read("$.state")));
        return client.recalculation(jobId).read("$");
    }

    private static List<Map<String, Object>> recalculationEntries(String customer, int total) {
        awaitJournal(customer, total);
        List<Map<String, Object>> items = client.journal(customer).read("$.items[*]");
        return items.stream().filter(e -> "RECALCULATION".equals(e.get("reason"))).toList();
    }

    private static void journalAgreesWithTheCustomerView(String customer) {
        PlatformClient.Response journal = client.journal(customer);
        List<Number> deltas = journal.read("$.items[*].pointsDelta");
        assertThat(deltas.stream().mapToLong(Number::longValue).sum()).isEqualTo(balance(customer));
        assertThat((Boolean) journal.read("$.complete")).isTrue();
    }

    private static long balance(String customer) {
        return ((Number) client.customer(customer).read("$.points.balance")).longValue();
    }

    private static String tierOf(String customer) {
        List<String> codes = client.customer(customer).read("$..tier.code");
        return codes.isEmpty() ? null : codes.get(0);
    }

    private static void awaitTier(String customer, String tier) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(tierOf(customer)).isEqualTo(tier));
    }

    private static void awaitJournal(String customer, int entries) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> client.journal(customer).status() == 200
                        && ((Number) client.journal(customer).read("$.total")).intValue() >= entries);
    }

    private static void tier(String code, String name, long minSpend, String maxSpend, int points) {
        PlatformClient.Response saved = client.putTier(code, """
                {"name":"%s","minSpend":%d,"maxSpend":%s,"earnRate":{"spend":10000,"points":%d},"minPointBalance":0,"active":true}"""
                .formatted(name, minSpend, maxSpend, points));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    }
}
