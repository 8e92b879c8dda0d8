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
    private final ApplyAccountEvents useCase = new ApplyAccountEvents(accounts, new FixedProgram(), publisher,
            (event, reason) -> { }, Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC));

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

        @Override
        public Optional<StoredAccount> find(String customerId) {
            return Optional.ofNullable(stored.get(customerId));
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
            stored.put(account.customerId(), new StoredAccount(withRevision(account, revision + 1), List.copyOf(outbox)));
            return true;
        }

        @Override
        public void clearOutbox(String customerId, long revision) {
            StoredAccount current = stored.get(customerId);
            if (current.account().revision() == revision) {
                stored.put(customerId, new StoredAccount(current.account(), List.of()));
            }
        }

        @Override
        public void forEachCustomerId(java.util.function.Consumer<String> action) {
            List.copyOf(stored.keySet()).forEach(action);
        }

        @Override
        public boolean anyHoldsTier(String tierCode) {
            return false;
        }

        private static CustomerAccount withRevision(CustomerAccount a, long revision) {
            return new CustomerAccount(a.customerId(), a.orders(), a.monthlySpend(), a.orderSpend(), a.openingBalances(),
                    a.firstPurchaseAt(), a.pointsBalance(), a.tier(), a.lastSequence(), a.heldReturns(), a.redemptions(),
                    a.recentEventIds(), a.clock(), revision, a.updatedAt());
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
        @Override
        public LoyaltyProgram program() {
            return LoyaltyProgram.DEFAULT;
        }

        @Override
        public TierPolicy tiers() {
            return TierPolicy.NONE;
        }

        @Override
        public void saveProgram(LoyaltyProgram program) {
        }

        @Override
        public void saveTiers(TierPolicy tiers) {
        }
    }
}
