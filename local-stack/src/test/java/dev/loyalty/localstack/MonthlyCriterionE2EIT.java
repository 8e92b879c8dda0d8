package dev.loyalty.localstack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Contract "Now" on the running stack: under MONTHLY_SPEND the current month is the wall clock's, so an order dated
 * two months ago (an offline till syncing late) counts in its own month and makes nobody Gold, while an order of
 * today does.
 */
class MonthlyCriterionE2EIT {

    private static final ZoneOffset VIETNAM = ZoneOffset.ofHours(7);
    private static LocalStack stack;
    private static PlatformClient client;

    @BeforeAll
    static void startStackUnderMonthlySpend() throws IOException {
        Services.Ports ports = new Services.Ports(KafkaBroker.freePort(), KafkaBroker.freePort(), KafkaBroker.freePort());
        stack = LocalStack.start(new LocalStack.Settings(null, KafkaBroker.freePort(), KafkaBroker.freePort(), ports, 3));
        client = new PlatformClient(ports);
        assertThat(client.putProgram("""
                {"currency":"VND","timeZone":"Asia/Ho_Chi_Minh","tierCriterion":"MONTHLY_SPEND","defaultEarnRate":{"spend":10000,"points":1}}""")
                .status()).isEqualTo(200);
        assertThat(client.putTier("GOLD", """
                {"name":"Gold","minSpend":3000000,"earnRate":{"spend":10000,"points":2},"minPointBalance":0,"active":true}""")
                .status()).isEqualTo(200);
    }

    @AfterAll
    static void stopStack() {
        stack.close();
    }

    @Test
    void aBackDatedOrderOfTwoMonthsAgoCountsInItsMonthAndPromotesNobodyWhileTodaysOrderDoes() {
        OffsetDateTime now = OffsetDateTime.now(VIETNAM);
        String twoMonthsAgo = now.minusMonths(2).withDayOfMonth(5).withHour(10).toString();
        String late = "c-late-" + UUID.randomUUID();
        String today = "c-today-" + UUID.randomUUID();

        assertThat(client.postOrder("o-" + late, late, 5_000_000, twoMonthsAgo).status()).isEqualTo(202);
        assertThat(client.postOrder("o-" + today, today, 3_500_000, now.minusMinutes(5).toString()).status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            PlatformClient.Response view = client.customer(late);
            assertThat(view.status()).isEqualTo(200);
            assertThat(((Number) view.read("$.lifetimeSpend")).longValue()).isEqualTo(5_000_000);
            assertThat(((Number) view.read("$.qualifyingSpend")).longValue()).as("two months ago is neither this month nor the last").isZero();
            assertThat((Object) view.read("$.tier")).isNull();
        });
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            PlatformClient.Response view = client.customer(today);
            assertThat((String) view.read("$.tier.code")).isEqualTo("GOLD");
            assertThat(((Number) view.read("$.qualifyingSpend")).longValue()).isEqualTo(3_500_000);
        });
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<String> types = client.journal(late).read("$.items[*].type");
            assertThat(types).as("points, but no tier change").containsExactly("POINTS_EARNED");
        });
    }
}
