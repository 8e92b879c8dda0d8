package dev.loyalty.engine.application;

import dev.loyalty.engine.domain.AccountEvent;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Use cases that keep promises without new input:
 * <ul>
 *   <li>publishes outboxes a crash left behind where no redelivery will come (a redemption or a
 *       month-end sweep interrupted between its write and its publish); the changes keep their ids;</li>
 *   <li>gives up on returns held longer than their order may take (contract: default 7 days):
 *       they leave the account and go to the dead-letter topic.</li>
 * </ul>
 * Safe on every instance at once: publishing twice is deduped downstream, writes are revision-guarded.
 */
@Service
public class RelayPendingChanges {

    private static final int BATCH = 500;

    private final CustomerAccounts accounts;
    private final AccountChangePublisher publisher;
    private final ApplyAccountEvents applyAccountEvents;
    private final Clock clock;

    public RelayPendingChanges(CustomerAccounts accounts, AccountChangePublisher publisher,
                               ApplyAccountEvents applyAccountEvents, Clock clock) {
        this.accounts = accounts;
        this.publisher = publisher;
        this.applyAccountEvents = applyAccountEvents;
        this.clock = clock;
    }

    /** @return how many accounts' changes were published */
    public int relayOutboxes() {
        List<CustomerAccounts.StoredAccount> pending = accounts.withPendingChanges(BATCH);
        for (CustomerAccounts.StoredAccount stored : pending) {
            publisher.publish(stored.outbox());
            accounts.clearOutbox(stored.account().customerId(), stored.account().revision());
        }
        return pending.size();
    }

    public long backlog() {
        return accounts.pendingChangesCount();
    }

    /**
     * Applies what fell due to every account that has something due (lots activating or expiring, grace periods and
     * overrides ending), at its own instant, whether or not an event comes. Safe on every instance at once: an account
     * another instance brought up to date has nothing due any more, and changes nothing.
     *
     * @return how many accounts were looked at
     */
    public int applyDueWork() {
        var now = clock.instant();
        int visited = 0;
        try (java.util.stream.Stream<String> due = accounts.dueBy(now)) {
            for (String customerId : (Iterable<String>) due::iterator) {
                applyAccountEvents.apply(new AccountEvent.TimePassed("due:" + customerId + ":" + now.toEpochMilli(), customerId, now));
                visited++;
            }
        }
        return visited;
    }

    /** Every holder, however many (one pass of a cursor). @return how many accounts were looked at */
    public int expireHeldReturns(Duration maxHold) {
        var now = clock.instant();
        int visited = 0;
        try (java.util.stream.Stream<String> holding = accounts.withHeldReturns()) {
            for (String customerId : (Iterable<String>) holding::iterator) {
                applyAccountEvents.apply(new AccountEvent.HeldReturnsExpired("expiry:" + UUID.randomUUID(), customerId, now, now.minus(maxHold)));
                visited++;
            }
        }
        return visited;
    }
}
