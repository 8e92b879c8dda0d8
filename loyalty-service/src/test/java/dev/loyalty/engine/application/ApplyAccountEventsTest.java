package dev.loyalty.engine.application;

import dev.loyalty.engine.domain.AccountChange;
import dev.loyalty.engine.domain.AccountEvent;
import dev.loyalty.engine.domain.CustomerAccount;
import dev.loyalty.engine.domain.LoyaltyProgram;
import dev.loyalty.engine.domain.TierPolicy;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Exactly-once effect of the use case: a crash between the store write and the publish loses nothing and doubles nothing. */
class ApplyAccountEventsTest {

    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final RecordingPublisher publisher = new RecordingPublisher();
    private final List<String> deadLetters = new ArrayList<>();
    private HandledPositions committed = HandledPositions.NONE;
    private final ApplyAccountEvents useCase = new ApplyAccountEvents(accounts, new FixedProgram(), publisher,
            (event, reason) -> deadLetters.add(event.eventId() + ": " + reason), new InMemoryOrderOwners(), () -> committed,
            new RecalculateAccountsTest.InMemoryJobs(), Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC),
            new RecentHistory(new InMemoryArchive(), 128));
    private long nextOffset;

    /** The consumer's next batch, on partition 0: it moved past the batches before because they completed. */
    private List<ApplyAccountEvents.Outcome> batch(AccountEvent... events) {
        long start = nextOffset;
        nextOffset += events.length;
        return deliver(start, events);
    }

    /** The records from offset {@code start} delivered (again) as one batch. */
    private List<ApplyAccountEvents.Outcome> deliver(long start, AccountEvent... events) {
        List<ApplyAccountEvents.LoggedEvent> logged = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            logged.add(new ApplyAccountEvents.LoggedEvent(events[i], new LogPosition(0, start + i)));
        }
        return useCase.applyAll(logged, new HandledPositions(Map.of(0, start)));
    }

    @Test
    void givenACrashAfterTheWriteWhenTheEventIsRedeliveredThenItsChangesArePublishedOnceAndCountedOnce() {
        AccountEvent.OrderPlaced order = new AccountEvent.OrderPlaced("e-1", "c-1", "o-1", 2_800_000, Instant.parse("2026-11-24T03:00:00Z"));
        publisher.failNext = true;

        assertThatThrownBy(() -> useCase.apply(order)).hasMessageContaining("crash");
        assertThat(accounts.stored.get("c-1").outbox()).as("the change waits in the outbox").hasSize(1);
        assertThat(publisher.published).isEmpty();

        useCase.apply(order); // Kafka redelivers the uncommitted record

        assertThat(publisher.published).extracting(AccountChange::eventId).hasSize(1);
        assertThat(accounts.stored.get("c-1").account().pointsBalance()).isEqualTo(280);
        assertThat(accounts.stored.get("c-1").outbox()).isEmpty();
    }

    @Test
    void givenACrashAfterTheWriteThenTheNextEventOfTheCustomerPublishesThePendingChangesFirstWithTheirOriginalIds() {
        publisher.failNext = true;
        assertThatThrownBy(() -> useCase.apply(new AccountEvent.OrderPlaced("e-1", "c-1", "o-1", 100_000, Instant.parse("2026-11-24T03:00:00Z"))));

        useCase.apply(new AccountEvent.OrderPlaced("e-2", "c-1", "o-2", 200_000, Instant.parse("2026-11-24T04:00:00Z")));

        assertThat(publisher.published).extracting(AccountChange::sequence).containsExactly(1L, 2L);
        assertThat(accounts.stored.get("c-1").account().pointsBalance()).isEqualTo(30);
    }

    @Test
    void givenABatchHoldingOneEventThatThrowsInsideApplyThenOnlyThatEventIsDeadLetteredAndEveryOtherAppliesIncludingTheSameCustomersNext() {
        Instant at = Instant.parse("2026-11-24T03:00:00Z");
        // a damaged document: its order has lost the month its returns count in, so applying a return of it throws
        accounts.stored.put("c-bad", new CustomerAccounts.StoredAccount(new CustomerAccount("c-bad",
                Map.of("o-9", new dev.loyalty.engine.domain.OrderRecord("o-9", 100_000, 0, at, null,
                        new dev.loyalty.engine.domain.EarnRate(10_000, 1), 10, true, List.of())),
                Map.of(), 100_000, Map.of(), at, dev.loyalty.engine.domain.PointsLedger.ofBalance(10, at),
                dev.loyalty.engine.domain.TierStanding.NONE, 1, List.of(), Map.of(), Map.of(), List.of(), java.time.YearMonth.of(2026, 11), 1, at),
                List.of()));

        List<ApplyAccountEvents.Outcome> outcomes = batch(
                new AccountEvent.OrderPlaced("e-1", "c-1", "o-1", 100_000, at),
                new AccountEvent.OrderReturned("e-2", "c-bad", "r-9", "o-9", 50_000, at),
                new AccountEvent.OrderPlaced("e-3", "c-1", "o-2", 200_000, at),
                new AccountEvent.OrderPlaced("e-4", "c-bad", "o-10", 300_000, at));

        assertThat(deadLetters).singleElement().asString().startsWith("e-2: could not be applied");
        assertThat(outcomes).extracting(ApplyAccountEvents.Outcome::violation).containsExactly(null, outcomes.get(1).violation(), null, null);
        assertThat(accounts.stored.get("c-1").account().pointsBalance()).isEqualTo(30);
        assertThat(accounts.stored.get("c-bad").account().pointsBalance()).as("its next valid event applies").isEqualTo(40);
        assertThat(accounts.stored.get("c-bad").account().orders().get("o-9").returned()).as("the refused return changed nothing").isZero();
    }

    @Test
    void givenAnOrderThatWouldOverflowTheCustomersSpendThenItAloneIsDeadLetteredAndTheCustomersNextOrderApplies() {
        Instant at = Instant.parse("2026-11-24T03:00:00Z");
        batch(new AccountEvent.OrderPlaced("e-1", "c-1", "o-1", Long.MAX_VALUE - 10, at),
                new AccountEvent.OrderPlaced("e-2", "c-1", "o-2", 11, at),
                new AccountEvent.OrderPlaced("e-3", "c-1", "o-3", 10, at));

        assertThat(deadLetters).singleElement().asString().startsWith("e-2: ").contains("beyond what an account can hold");
        assertThat(accounts.stored.get("c-1").account().lifetimeSpend()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void givenABatchWhoseChangesWerePublishedThenTheCustomersNextBatchDropsThemInItsOwnWriteAndNoWriteClearsThem() {
        batch(new AccountEvent.OrderPlaced("e-1", "c-1", "o-1", 100_000, Instant.parse("2026-11-24T03:00:00Z")));
        assertThat(accounts.stored.get("c-1").outbox()).as("kept until the batch is known handled").hasSize(1);
        assertThat(new RelayPendingChanges(accounts, publisher, useCase, Clock.systemUTC()).backlog())
                .as("the batch's redelivery publishes it, not the relay").isZero();

        batch(new AccountEvent.OrderPlaced("e-2", "c-1", "o-2", 200_000, Instant.parse("2026-11-24T04:00:00Z")));

        assertThat(accounts.stored.get("c-1").outbox()).extracting(AccountChange::sequence).containsExactly(2L);
        assertThat(publisher.published).extracting(AccountChange::sequence).as("none published twice").containsExactly(1L, 2L);
        assertThat(accounts.stored.get("c-1").account().revision()).as("one write per batch").isEqualTo(2);
        assertThat(accounts.clears).isZero();
    }

    @Test
    void givenACrashAfterABatchWasWrittenWhenTheBatchIsDeliveredAgainThenItsChangesComeOutAndItsOrdersCountOnce() {
        AccountEvent.OrderPlaced order = new AccountEvent.OrderPlaced("e-1", "c-1", "o-1", 2_800_000, Instant.parse("2026-11-24T03:00:00Z"));
        publisher.failNext = true;
        assertThatThrownBy(() -> batch(order)).hasMessageContaining("crash");

        deliver(0, order); // not committed: the consumer starts again from the batch's first record

        assertThat(publisher.published).extracting(AccountChange::eventId).hasSize(1);
        assertThat(accounts.stored.get("c-1").account().pointsBalance()).isEqualTo(280);

        batch(new AccountEvent.OrderPlaced("e-2", "c-1", "o-2", 100_000, Instant.parse("2026-11-24T04:00:00Z")));
        assertThat(publisher.published).extracting(AccountChange::sequence).containsExactly(1L, 2L);
    }

    @Test
    void givenABatchTheConsumerGroupCommittedThenARedemptionPublishesOnlyItsOwnChangeAndClearsTheOutbox() {
        batch(new AccountEvent.OrderPlaced("e-1", "c-1", "o-1", 1_000_000, Instant.parse("2026-11-24T03:00:00Z")));
        committed = new HandledPositions(Map.of(0, nextOffset));

        useCase.apply(new AccountEvent.PointsRedeemed("red-1", "c-1", 40, null, Instant.parse("2026-11-24T05:00:00Z")));

        assertThat(publisher.published).extracting(AccountChange::sequence).containsExactly(1L, 2L);
        assertThat(accounts.stored.get("c-1").outbox()).isEmpty();
    }

    @Test
    void givenABatchNotKnownCommittedThenARedemptionPublishesItsChangesAgainRatherThanLoseThem() {
        batch(new AccountEvent.OrderPlaced("e-1", "c-1", "o-1", 1_000_000, Instant.parse("2026-11-24T03:00:00Z")));
        committed = HandledPositions.NONE; // the broker could not be asked

        useCase.apply(new AccountEvent.PointsRedeemed("red-1", "c-1", 40, null, Instant.parse("2026-11-24T05:00:00Z")));

        assertThat(publisher.published).extracting(AccountChange::sequence).as("the same change id again: consumers dedupe")
                .containsExactly(1L, 1L, 2L);
        assertThat(accounts.stored.get("c-1").outbox()).isEmpty();
    }

    @Test
    void aWriterThatLostTheRaceReloadsAndAppliesAgainstTheNewState() {
        useCase.apply(new AccountEvent.OrderPlaced("e-1", "c-1", "o-1", 100_000, Instant.parse("2026-11-24T03:00:00Z")));
        accounts.loseNextSave = true; // another instance wrote in between

        useCase.apply(new AccountEvent.OrderPlaced("e-2", "c-1", "o-2", 100_000, Instant.parse("2026-11-24T04:00:00Z")));

        assertThat(accounts.stored.get("c-1").account().pointsBalance()).isEqualTo(20);
        assertThat(publisher.published).extracting(AccountChange::sequence).containsExactly(1L, 2L);
    }

    static final class InMemoryAccounts implements CustomerAccounts {
        final Map<String, StoredAccount> stored = new HashMap<>();
        boolean loseNextSave;
        int clears;

        @Override
        public Optional<StoredAccount> find(String customerId) {
            return Optional.ofNullable(stored.get(customerId));
        }

        @Override
        public Optional<dev.loyalty.engine.domain.AccountStanding> standing(String customerId) {
            return find(customerId).map(s -> s.account().standing());
        }

        @Override
        public Map<String, StoredAccount> findAll(java.util.Collection<String> customerIds) {
            Map<String, StoredAccount> found = new HashMap<>();
            customerIds.forEach(id -> find(id).ifPresent(a -> found.put(id, a)));
            return found;
        }

        @Override
        public java.util.Set<String> saveAll(List<StoredAccount> accounts) {
            java.util.Set<String> lost = new java.util.HashSet<>();
            accounts.forEach(a -> {
                if (!save(a.account(), a.outbox())) {
                    lost.add(a.account().customerId());
                } else if (a.redelivery() != null) {
                    StoredAccount saved = stored.get(a.account().customerId());
                    stored.put(a.account().customerId(), new StoredAccount(saved.account(), saved.outbox(), a.redelivery()));
                }
            });
            return lost;
        }

        @Override
        public void clearOutboxes(Map<String, Long> revisions) {
            revisions.forEach(this::clearOutbox);
        }

        @Override
        public boolean save(CustomerAccount account, List<AccountChange> outbox) {
            if (loseNextSave) {
                loseNextSave = false;
                return false;
            }
            StoredAccount current = stored.get(account.customerId());
            long revision = current == null ? 0 : current.account().revision();
            if (revision != account.revision()) {
                return false;
            }
            stored.put(account.customerId(), new StoredAccount(account.withRevision(revision + 1), List.copyOf(outbox)));
            return true;
        }

        @Override
        public void clearOutbox(String customerId, long revision) {
            clears++;
            StoredAccount current = stored.get(customerId);
            if (current.account().revision() == revision) {
                stored.put(customerId, new StoredAccount(current.account(), List.of()));
            }
        }

        @Override
        public java.util.stream.Stream<String> evaluatedBefore(java.time.YearMonth month) {
            return stored.values().stream().filter(s -> s.account().evaluatedThrough() == null || s.account().evaluatedThrough().isBefore(month))
                    .map(s -> s.account().customerId()).toList().stream();
        }

        @Override
        public java.util.stream.Stream<String> customerIdsAfter(String cursor) {
            return stored.keySet().stream().filter(id -> cursor == null || id.compareTo(cursor) > 0).sorted().toList().stream();
        }

        @Override
        public long count() {
            return stored.size();
        }

        @Override
        public List<StoredAccount> withPendingChanges(int limit) {
            return stored.values().stream().filter(s -> !s.outbox().isEmpty() && s.redelivery() == null).limit(limit).toList();
        }

        @Override
        public long pendingChangesCount() {
            return withPendingChanges(Integer.MAX_VALUE).size();
        }

        @Override
        public java.util.stream.Stream<String> dueBy(Instant now) {
            return stored.values().stream().filter(s -> s.account().nextDue() != null && !s.account().nextDue().isAfter(now))
                    .map(s -> s.account().customerId()).toList().stream();
        }

        @Override
        public java.util.stream.Stream<String> withHeldReturns() {
            return stored.values().stream().filter(s -> !s.account().heldReturns().isEmpty())
                    .map(s -> s.account().customerId()).toList().stream();
        }

        @Override
        public boolean anyHoldsTier(String tierCode) {
            return false;
        }
    }

    static final class InMemoryOrderOwners implements OrderOwners {
        final Map<String, String> owners = new HashMap<>();

        @Override
        public Map<String, String> ownersOf(java.util.Collection<String> orderIds) {
            Map<String, String> found = new HashMap<>();
            orderIds.forEach(id -> {
                if (owners.containsKey(id)) {
                    found.put(id, owners.get(id));
                }
            });
            return found;
        }

        @Override
        public void record(Map<String, String> ownerByOrder) {
            ownerByOrder.forEach(owners::putIfAbsent);
        }
    }

    static final class RecordingPublisher implements AccountChangePublisher {
        final List<AccountChange> published = new ArrayList<>();
        boolean failNext;

        @Override
        public void publish(List<AccountChange> changes) {
            if (failNext) {
                failNext = false;
                throw new IllegalStateException("crash between the store write and the publish");
            }
            published.addAll(changes);
        }
    }

    static final class FixedProgram implements ProgramStore {
        LoyaltyProgram program = LoyaltyProgram.DEFAULT;
        TierPolicy tiers = TierPolicy.NONE;
        java.time.YearMonth monthSwept;

        @Override
        public java.util.Optional<java.time.YearMonth> monthSwept() {
            return java.util.Optional.ofNullable(monthSwept);
        }

        @Override
        public void markMonthSwept(java.time.YearMonth month) {
            if (monthSwept == null || month.isAfter(monthSwept)) {
                monthSwept = month;
            }
        }

        @Override
        public LoyaltyProgram program() {
            return program;
        }

        @Override
        public TierPolicy tiers() {
            return tiers;
        }

        @Override
        public void saveProgram(LoyaltyProgram program) {
            this.program = program;
        }

        @Override
        public void saveTiers(TierPolicy tiers) {
            this.tiers = tiers;
        }

        @Override
        public void refresh() {
        }
    }

    @Test
    void aBatchAppliesEachCustomersEventsInOrderWritesEachOnceAndDeadLettersARuleBreakerAlone() {
        List<ApplyAccountEvents.Outcome> outcomes = batch(
                new AccountEvent.OrderPlaced("e-1", "c-1", "o-1", 100_000, Instant.parse("2026-11-24T03:00:00Z")),
                new AccountEvent.OrderPlaced("e-2", "c-2", "o-2", 200_000, Instant.parse("2026-11-24T03:00:00Z")),
                new AccountEvent.OrderReturned("e-3", "c-1", "r-1", "o-1", 150_000, Instant.parse("2026-11-24T04:00:00Z")),
                new AccountEvent.OrderReturned("e-4", "c-1", "r-2", "o-1", 50_000, Instant.parse("2026-11-24T05:00:00Z")),
                new AccountEvent.OrderPlaced("e-1", "c-1", "o-1", 100_000, Instant.parse("2026-11-24T03:00:00Z")));

        assertThat(outcomes).extracting(ApplyAccountEvents.Outcome::stateChanged).containsExactly(true, true, false, true, false);
        assertThat(deadLetters).singleElement().asString().startsWith("e-3: Return r-1 of 150000 exceeds");
        assertThat(accounts.stored.get("c-1").account().pointsBalance()).isEqualTo(5);
        assertThat(accounts.stored.get("c-1").account().revision()).as("one write per customer").isEqualTo(1);
        assertThat(accounts.stored.get("c-2").account().pointsBalance()).isEqualTo(20);
        assertThat(publisher.published).hasSize(3);
    }

    @Test
    void aBatchWhoseWriteLostToAnotherInstanceIsAppliedAgainOnTheNewState() {
        useCase.apply(new AccountEvent.OrderPlaced("e-1", "c-1", "o-1", 100_000, Instant.parse("2026-11-24T03:00:00Z")));
        accounts.loseNextSave = true;

        batch(
                new AccountEvent.OrderPlaced("e-1", "c-1", "o-1", 100_000, Instant.parse("2026-11-24T03:00:00Z")),
                new AccountEvent.OrderPlaced("e-2", "c-1", "o-2", 100_000, Instant.parse("2026-11-24T04:00:00Z")));

        assertThat(accounts.stored.get("c-1").account().pointsBalance()).isEqualTo(20);
        assertThat(publisher.published).extracting(AccountChange::sequence).containsExactly(1L, 2L);
    }

    @Test
    void givenARedemptionInterruptedBeforeItsPublishThenTheRelayPublishesItWithoutAnotherEvent() {
        useCase.apply(new AccountEvent.OrderPlaced("e-1", "c-1", "o-1", 1_000_000, Instant.parse("2026-11-24T03:00:00Z")));
        publisher.failNext = true;
        assertThatThrownBy(() -> useCase.apply(new AccountEvent.PointsRedeemed("red-1", "c-1", 40, null, Instant.parse("2026-11-24T05:00:00Z"))));
        RelayPendingChanges relay = new RelayPendingChanges(accounts, publisher, useCase, Clock.systemUTC());
        assertThat(relay.backlog()).isEqualTo(1);

        relay.relayOutboxes();

        assertThat(publisher.published).extracting(AccountChange::sequence).containsExactly(1L, 2L);
        assertThat(relay.backlog()).isZero();
    }

    @Test
    void aReturnWhoseOrderNeverArrivesIsDeadLetteredSevenDaysAfterItWasHeld() {
        heldOn("2026-11-10T03:00:00Z").apply(
                new AccountEvent.OrderReturned("e-9", "c-1", "r-1", "o-never", 10_000, Instant.parse("2026-11-10T03:00:00Z")));

        relayOn("2026-11-17T02:00:00Z").expireHeldReturns(java.time.Duration.ofDays(7));
        assertThat(deadLetters).as("held 6 days 23 hours").isEmpty();

        relayOn("2026-11-17T04:00:00Z").expireHeldReturns(java.time.Duration.ofDays(7));
        assertThat(deadLetters).singleElement().asString().startsWith("e-9: Order o-never of return r-1 did not arrive");
        assertThat(accounts.stored.get("c-1").account().heldReturns()).isEmpty();
    }

    @Test
    void aReturnDatedWeeksAgoThatArrivesBeforeItsOrderIsHeldFromItsArrivalNotFromItsDate() {
        // an offline till syncs today (Nov 24) a return and its order, both dated Oct 1, the return first
        useCase.apply(new AccountEvent.OrderReturned("e-r", "c-1", "r-1", "o-old", 50_000, Instant.parse("2026-10-01T03:00:00Z")));

        relayOn("2026-11-24T00:00:30Z").expireHeldReturns(java.time.Duration.ofDays(7)); // the sweep passes in between
        useCase.apply(new AccountEvent.OrderPlaced("e-o", "c-1", "o-old", 200_000, Instant.parse("2026-10-01T02:00:00Z")));

        assertThat(deadLetters).isEmpty();
        assertThat(accounts.stored.get("c-1").account().lifetimeSpend()).isEqualTo(150_000);
        assertThat(accounts.stored.get("c-1").account().pointsBalance()).isEqualTo(15);
    }

    private ApplyAccountEvents heldOn(String instant) {
        return new ApplyAccountEvents(accounts, new FixedProgram(), publisher, (event, reason) -> deadLetters.add(event.eventId() + ": " + reason),
                new InMemoryOrderOwners(), () -> committed, new RecalculateAccountsTest.InMemoryJobs(),
                Clock.fixed(Instant.parse(instant), ZoneOffset.UTC), new RecentHistory(new InMemoryArchive(), 128));
    }

    private RelayPendingChanges relayOn(String instant) {
        return new RelayPendingChanges(accounts, publisher, useCase, Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
    }

    @Test
    void aReturnNamingAnotherCustomerThanItsOrdersIsDeadLetteredAndChangesNoOne() {
        batch(new AccountEvent.OrderPlaced("e-1", "c-1", "o-1", 100_000, Instant.parse("2026-11-24T03:00:00Z")));

        List<ApplyAccountEvents.Outcome> outcomes = batch(
                new AccountEvent.OrderReturned("e-2", "c-2", "r-1", "o-1", 50_000, Instant.parse("2026-11-24T04:00:00Z")));

        assertThat(outcomes.get(0).violation()).contains("belongs to another customer");
        assertThat(deadLetters).singleElement().asString().startsWith("e-2:");
        assertThat(accounts.stored).doesNotContainKey("c-2");
        assertThat(accounts.stored.get("c-1").account().lifetimeSpend()).isEqualTo(100_000);
    }
}
