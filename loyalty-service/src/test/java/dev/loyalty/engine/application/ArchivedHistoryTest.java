package dev.loyalty.engine.application;

import dev.loyalty.engine.domain.AccountChange;
import dev.loyalty.engine.domain.AccountEvent;
import dev.loyalty.engine.domain.CustomerAccount;
import dev.loyalty.engine.domain.EarnRate;
import dev.loyalty.engine.domain.InsufficientPoints;
import dev.loyalty.engine.domain.Tier;
import dev.loyalty.engine.domain.TierPolicy;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The account keeps only its recent orders and redemptions; the rest is archived (issue: unbounded customer history).
 * Whatever the events, a customer whose history is archived four orders at a time ends exactly where one whose
 * account holds everything ends, change for change.
 */
class ArchivedHistoryTest {

    private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");
    private static final Tier SILVER = new Tier("SILVER", "Silver", 1_000_000, null, new EarnRate(10_000, 2), 0, true);
    private static final Tier GOLD = new Tier("GOLD", "Gold", 5_000_000, null, new EarnRate(10_000, 3), 0, true);

    /** One engine: its store, archive and journal. */
    private static final class Engine {
        final ApplyAccountEventsTest.InMemoryAccounts accounts = new ApplyAccountEventsTest.InMemoryAccounts();
        final InMemoryArchive archive = new InMemoryArchive();
        final ApplyAccountEventsTest.RecordingPublisher journal = new ApplyAccountEventsTest.RecordingPublisher();
        final List<String> deadLetters = new ArrayList<>();
        final ApplyAccountEventsTest.FixedProgram program = new ApplyAccountEventsTest.FixedProgram();
        final ApplyAccountEvents apply;
        final RedeemPoints redeem;
        long offset;

        Engine(int recentOrders) {
            program.tiers = TierPolicy.of(List.of(SILVER, GOLD));
            apply = new ApplyAccountEvents(accounts, program, journal, (event, reason) -> deadLetters.add(event.eventId() + ": " + reason),
                    new ApplyAccountEventsTest.InMemoryOrderOwners(), () -> HandledPositions.NONE, new RecalculateAccountsTest.InMemoryJobs(),
                    Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC), new RecentHistory(archive, recentOrders));
            redeem = new RedeemPoints(accounts, apply, Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC));
        }

        void batch(List<AccountEvent> events) {
            List<ApplyAccountEvents.LoggedEvent> logged = new ArrayList<>();
            for (AccountEvent e : events) {
                logged.add(new ApplyAccountEvents.LoggedEvent(e, new LogPosition(0, offset++)));
            }
            apply.applyAll(logged, new HandledPositions(Map.of(0, offset - events.size())));
        }

        String one(AccountEvent event) {
            try {
                apply.apply(event);
                return "applied";
            } catch (InsufficientPoints | CustomerAccount.RedemptionConflict refused) {
                return refused.getClass().getSimpleName();
            }
        }

        CustomerAccount account(String customerId) {
            return accounts.stored.get(customerId).account();
        }

        /** The journal without the change ids' sequence of publication: what each change says. */
        List<String> changes() {
            return journal.published.stream().map(c -> c instanceof AccountChange.PointsChange p
                    ? p.customerId() + " " + p.sequence() + " " + p.reason() + " " + p.delta() + " -> " + p.balanceAfter()
                    : c.customerId() + " " + c.sequence() + " " + c.reason() + " tier " + ((AccountChange.TierChange) c).to()).toList();
        }
    }

    private static AccountEvent.OrderPlaced order(int n, long amount) {
        return new AccountEvent.OrderPlaced("e-o-" + n, "c-1", "o-" + n, amount, START.plusSeconds(60L * n));
    }

    @Test
    void givenFiveHundredOrdersWhenTheFirstIsReturnedThenExactlyItsPointsComeBackOut() {
        Engine engine = new Engine(4);
        engine.batch(List.of(order(0, 1_230_000))); // no tier yet: 1 point per 10,000 = 123
        for (int n = 1; n < 500; n++) {
            engine.batch(List.of(order(n, 100_000))); // SILVER and GOLD later: 2 and 3 per 10,000
        }
        long before = engine.account("c-1").pointsBalance();

        engine.batch(List.of(new AccountEvent.OrderReturned("e-r-0", "c-1", "r-0", "o-0", 1_230_000, START.plusSeconds(60L * 600))));

        assertThat(engine.account("c-1").orders()).as("the account holds only its recent orders").hasSizeLessThanOrEqualTo(6);
        assertThat(engine.archive.ordersOf("c-1")).isGreaterThanOrEqualTo(494);
        assertThat(before - engine.account("c-1").pointsBalance()).isEqualTo(123);
        assertThat(engine.changes()).last().asString().contains("RETURN -123");
        assertThat(engine.deadLetters).isEmpty();
    }

    @Test
    void anArchivedOrderOrRedemptionSentAgainUnderANewIdChangesNothingAndAConflictingRedemptionIsRefused() {
        Engine engine = new Engine(4);
        for (int n = 0; n < 40; n++) {
            engine.batch(List.of(order(n, 1_000_000)));
            engine.one(new AccountEvent.PointsRedeemed("red-" + n, "c-1", 10, null, START.plusSeconds(60L * n + 30)));
        }
        long balance = engine.account("c-1").pointsBalance();
        int published = engine.journal.published.size();

        engine.batch(List.of(new AccountEvent.OrderPlaced("e-again", "c-1", "o-0", 1_000_000, START)));
        RedeemPoints.Outcome same = engine.redeem.redeem("c-1", "red-0", 10, null);

        assertThat(engine.account("c-1").redemptions()).as("archived").doesNotContainKey("red-0");
        assertThat(same.created()).isFalse();
        assertThat(same.redemption().balanceAfter()).as("answered as the first time").isEqualTo(100 - 10);
        assertThatThrownBy(() -> engine.redeem.redeem("c-1", "red-0", 11, null)).isInstanceOf(RedeemPoints.RedemptionConflict.class);
        assertThat(engine.account("c-1").pointsBalance()).isEqualTo(balance);
        assertThat(engine.journal.published).hasSize(published);
    }

    @Test
    void whateverTheEventsAnArchivedHistoryEndsChangeForChangeWhereAWholeOneEnds() {
        for (long seed = 1; seed <= 6; seed++) {
            Engine archived = new Engine(4);
            Engine whole = new Engine(1_000_000);
            Random random = new Random(seed);
            Map<String, Long> remaining = new HashMap<>();
            List<String> orderIds = new ArrayList<>();
            List<AccountEvent> pending = new ArrayList<>();
            int redemptions = 0;
            for (int step = 0; step < 700; step++) {
                int kind = random.nextInt(100);
                Instant at = START.plusSeconds(60L * step);
                String customer = "c-" + random.nextInt(2);
                if (kind < 60) {
                    long amount = 10_000 + random.nextInt(200) * 10_000L;
                    String orderId = customer + "-o-" + step;
                    pending.add(new AccountEvent.OrderPlaced("e-" + step, customer, orderId, amount, at));
                    remaining.put(orderId, amount);
                    orderIds.add(orderId);
                } else if (kind < 78 && !orderIds.isEmpty()) {
                    String orderId = orderIds.get(random.nextInt(orderIds.size()));
                    long left = remaining.get(orderId);
                    if (left > 0) {
                        long amount = random.nextBoolean() ? left : 1 + random.nextLong(left);
                        remaining.put(orderId, left - amount);
                        pending.add(new AccountEvent.OrderReturned("e-" + step, orderId.substring(0, 3), "r-" + step, orderId, amount, at));
                    }
                } else if (kind < 83 && !orderIds.isEmpty()) { // the same order again, under a new event id
                    String orderId = orderIds.get(random.nextInt(orderIds.size()));
                    pending.add(new AccountEvent.OrderPlaced("e-" + step, orderId.substring(0, 3), orderId, 1, at));
                } else if (random.nextInt(4) == 0 || pending.size() > 20) {
                    archived.batch(pending);
                    whole.batch(pending);
                    pending.clear();
                } else {
                    AccountEvent event = switch (kind % 5) {
                        case 0, 1 -> new AccountEvent.PointsRedeemed("red-" + redemptions++, customer, 1 + random.nextInt(300), null, at);
                        case 2 -> new AccountEvent.PointsRedeemed("red-" + random.nextInt(redemptions + 1), customer, 1 + random.nextInt(300), null, at);
                        case 3 -> new AccountEvent.Recalculated("recalc-" + step, customer, at, random.nextBoolean(), true,
                                random.nextBoolean() ? new EarnRate(10_000, 1 + random.nextInt(4)) : null);
                        default -> new AccountEvent.OpeningBalanceImported("import-" + step, customer, "pos-" + random.nextInt(2),
                                random.nextInt(50) * 100_000L, START.plusSeconds(60L * random.nextInt(step + 1)), null);
                    };
                    if (archived.accounts.stored.containsKey(customer)) {
                        assertThat(archived.one(event)).as("seed %d step %d", seed, step).isEqualTo(whole.one(event));
                    }
                }
            }
            archived.batch(pending);
            whole.batch(pending);

            assertThat(archived.changes()).as("seed %d", seed).isEqualTo(whole.changes());
            assertThat(archived.deadLetters).isEqualTo(whole.deadLetters);
            for (String customer : List.of("c-0", "c-1")) {
                CustomerAccount a = archived.account(customer);
                CustomerAccount w = whole.account(customer);
                assertThat(a.tierStanding()).isEqualTo(w.tierStanding());
                assertThat(a.monthlySpend()).isEqualTo(w.monthlySpend());
                assertThat(a.ledger()).isEqualTo(w.ledger());
                assertThat(a.lifetimeSpend()).isEqualTo(w.lifetimeSpend());
                assertThat(a.orders().size()).as("bounded").isLessThanOrEqualTo(6 + 21);
                assertThat(archived.archive.ordersOf(customer)).as("seed %d: the archive was used", seed).isGreaterThan(50);
            }
        }
    }

    @Test
    void aRecalculationReachesArchivedOrdersAndTheirLaterReturnsReverseAtTheNewRate() {
        Engine engine = new Engine(4);
        for (int n = 0; n < 20; n++) {
            engine.batch(List.of(order(n, 100_000))); // 10 points each at 1 per 10,000 (no tier reached: 2,000,000 > SILVER at n=10)
        }
        engine.program.tiers = TierPolicy.NONE;
        engine.one(new AccountEvent.Recalculated("recalc", "c-1", START.plusSeconds(3_600), false, true, new EarnRate(10_000, 5)));
        assertThat(engine.account("c-1").pointsBalance()).as("20 orders at 5 per 10,000").isEqualTo(1_000);

        engine.batch(List.of(new AccountEvent.OrderReturned("e-r", "c-1", "r-1", "o-1", 100_000, START.plusSeconds(7_200))));

        assertThat(engine.account("c-1").pointsBalance()).isEqualTo(950);
    }
}
