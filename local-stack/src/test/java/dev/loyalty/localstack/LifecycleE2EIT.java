package dev.loyalty.localstack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The point and tier lifecycle on the running stack, over HTTP only, with the real clock: lots expire and activate at
 * their instants without any further event (the due sweep, here every second), pending points are not redeemable
 * until then, and the Nhanh.vn example keeps Gold through a grace period.
 */
class LifecycleE2EIT {

    private static final ZoneOffset VIETNAM = ZoneOffset.ofHours(7);
    private static LocalStack stack;
    private static PlatformClient client;
    private static Services.Ports ports;

    @BeforeAll
    static void startStack() throws IOException {
        ports = new Services.Ports(KafkaBroker.freePort(), KafkaBroker.freePort(), KafkaBroker.freePort());
        stack = LocalStack.start(new LocalStack.Settings(null, KafkaBroker.freePort(), KafkaBroker.freePort(), ports, 3),
                List.of("--loyalty.due-check=PT1S"));
        client = new PlatformClient(ports);
        tier("BRONZE", "Bronze", 2_000_000, "3000000", 1);
        tier("GOLD", "Gold", 3_100_000, "4000000", 2);
    }

    @AfterAll
    static void stopStack() {
        stack.close();
    }

    @Test
    void underAfterDays30AnOrderOf40DaysAgoExpiresAtOnceAndOneOf30DaysAgoExpiresWithoutAnyFurtherEvent() {
        program("\"pointsExpiry\":{\"mode\":\"AFTER_DAYS\",\"value\":30}");
        String old = "c-old-" + UUID.randomUUID();
        String soon = "c-soon-" + UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(VIETNAM);

        assertThat(client.postOrder("o-" + old, old, 1_000_000, now.minusDays(40).toString()).status()).isEqualTo(202);
        assertThat(client.postOrder("o-" + soon, soon, 1_000_000, now.minusDays(30).plusSeconds(12).toString()).status()).isEqualTo(202);

        assertThat(awaitJournalTypes(old, 2)).containsExactly("POINTS_EXPIRED", "POINTS_EARNED");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(((Number) client.customer(soon).read("$.points.balance")).longValue()).isEqualTo(100));
        assertThat(client.customer(soon).<Object>read("$.points.expiring.points")).isEqualTo(100);
        assertThat(awaitJournalTypes(soon, 2)).as("expired by the sweep, no event for the customer since its order")
                .containsExactly("POINTS_EXPIRED", "POINTS_EARNED");
        assertThat(((Number) client.customer(soon).read("$.points.balance")).longValue()).isZero();
    }

    @Test
    void pendingPointsAreNotRedeemableUntilThePendingDaysHavePassedThenActivateByThemselves() {
        program("\"pendingDays\":10");
        String customer = "c-pending-" + UUID.randomUUID();
        OffsetDateTime almostTenDaysAgo = OffsetDateTime.now(VIETNAM).minusDays(10).plusSeconds(12);

        assertThat(client.postOrder("o-" + customer, customer, 1_000_000, almostTenDaysAgo.toString()).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(((Number) client.customer(customer).read("$.points.pending")).longValue()).isEqualTo(100));
        assertThat(((Number) client.customer(customer).read("$.points.redeemable")).longValue()).isZero();
        assertThat(client.redeem(customer, "red-early-" + customer, 10).status()).as("pending points: 409").isEqualTo(409);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(((Number) client.customer(customer).read("$.points.redeemable")).longValue()).isEqualTo(100));
        assertThat(client.redeem(customer, "red-" + customer, 10).status()).isEqualTo(201);
        assertThat(awaitJournalTypes(customer, 3)).containsExactly("POINTS_REDEEMED", "POINTS_ACTIVATED", "POINTS_EARNED");
    }

    @Test
    void theNhanhExampleUnderGraceDays30StaysGoldWithKeptUntilAboutThirtyDaysAfterTheReturn() {
        program("\"tierRetention\":{\"mode\":\"GRACE_DAYS\",\"days\":30}");
        String customer = "c-grace-" + UUID.randomUUID();
        nhanhExample(customer);
        Instant returned = Instant.now();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(((Number) client.customer(customer).read("$.lifetimeSpend")).longValue()).isEqualTo(2_800_000));
        PlatformClient.Response view = client.customer(customer);
        assertThat((String) view.read("$.tier.code")).isEqualTo("GOLD");
        Instant keptUntil = Instant.parse(view.read("$.tier.keptUntil"));
        assertThat(Duration.between(returned.plus(Duration.ofDays(30)), keptUntil).abs()).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void theNhanhExampleUnderImmediateReturnsToBronzeAsToday() {
        program("\"tierRetention\":{\"mode\":\"IMMEDIATE\"}");
        String customer = "c-immediate-" + UUID.randomUUID();
        nhanhExample(customer);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat((String) client.customer(customer).read("$.tier.code")).isEqualTo("BRONZE"));
        assertThat(client.customer(customer).<Object>read("$.tier.keptUntil")).isNull();
    }

    /** 2,800,000 (Bronze), +500,000 (Gold at once), then the 500,000 returned. */
    private static void nhanhExample(String customer) {
        String at = OffsetDateTime.now(VIETNAM).minusHours(1).toString();
        assertThat(client.postOrder("o-1-" + customer, customer, 2_800_000, at).status()).isEqualTo(202);
        assertThat(client.postOrder("o-2-" + customer, customer, 500_000, at).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat((String) client.customer(customer).read("$.tier.code")).isEqualTo("GOLD"));
        assertThat(client.postReturn("r-1-" + customer, "o-2-" + customer, customer, 500_000, at).status()).isEqualTo(202);
    }

    private static void program(String lifecycle) {
        PlatformClient.Response saved = client.send(HttpRequest.newBuilder(PlatformClient.uri(ports.loyalty(), "/api/v1/program"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("""
                        {"currency":"VND","timeZone":"Asia/Ho_Chi_Minh","tierCriterion":"LIFETIME_SPEND","defaultEarnRate":{"spend":10000,"points":1},%s}"""
                        .formatted(lifecycle))).build(), DevelopmentKeys.ADMIN);
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    }

    private static List<String> awaitJournalTypes(String customer, int entries) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> ((Number) client.journal(customer).read("$.total")).intValue() >= entries);
        return client.journal(customer).read("$.items[*].type");
    }

    private static void tier(String code, String name, long minSpend, String maxSpend, int points) {
        PlatformClient.Response saved = client.putTier(code, """
                {"name":"%s","minSpend":%d,"maxSpend":%s,"earnRate":{"spend":10000,"points":%d},"minPointBalance":0,"active":true}"""
                .formatted(name, minSpend, maxSpend, points));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
    }
}
