package dev.loyalty.engine.application;

import dev.loyalty.engine.domain.AccountChange;
import dev.loyalty.engine.domain.AccountStanding;
import dev.loyalty.engine.domain.CustomerAccount;

import java.util.List;
import java.util.Optional;

/**
 * Port: where accounts live. An account and the changes it still has to publish (its outbox)
 * are stored together in one atomic write, so a crash can never keep one without the other.
 * Who publishes an outbox a crash left behind: the relay, or, for an outbox written by a batch of
 * order events or by a recalculation over everybody, the redelivery of that batch or the redo of that chunk
 * (then no write is spent on clearing it; the account's next write drops it once it is known published).
 */
public interface CustomerAccounts {

    Optional<StoredAccount> find(String customerId);

    /**
     * Where the customer stands, read without the history (orders, redemptions, event ids): a lookup's cost does
     * not grow with the customer's orders. Never to be applied to or written back: that takes {@link #find}.
     */
    Optional<AccountStanding> standing(String customerId);

    /** The stored accounts among {@code customerIds}, in one read (absent ids have no account yet). */
    java.util.Map<String, StoredAccount> findAll(java.util.Collection<String> customerIds);

    /**
     * Stores every account with its outbox (and the outbox's {@link StoredAccount#redelivery}) like {@link #save},
     * in one bulk write.
     *
     * @return the customers whose write lost to a concurrent writer (reload and apply again)
     */
    java.util.Set<String> saveAll(List<StoredAccount> accounts);

    /** {@link #clearOutbox} for many customers at once (customer id → stored revision). */
    void clearOutboxes(java.util.Map<String, Long> revisions);

    /**
     * Stores the account with its pending changes as revision {@code account.revision() + 1}, if the
     * stored revision is still {@code account.revision()} (0: the account must not exist yet).
     *
     * @return false if the stored revision moved on (the caller reloads and applies again)
     */
    boolean save(CustomerAccount account, List<AccountChange> outbox);

    /** Forgets published changes, unless the account was written again since (its outbox then still holds them). */
    void clearOutbox(String customerId, long revision);

    /**
     * Ids of accounts last evaluated before {@code month} (their month boundary not applied yet: the month sweep's
     * work), streamed, never all in memory; close the stream. An indexed range on MongoDB.
     */
    java.util.stream.Stream<String> evaluatedBefore(java.time.YearMonth month);

    /** Customer ids greater than {@code cursor} (all when null) in ascending order, streamed; close the stream. */
    java.util.stream.Stream<String> customerIdsAfter(String cursor);

    /** About how many accounts exist (a progress total). */
    long count();

    /**
     * Accounts whose outbox the relay has to publish (left by a crash between the write and the publish of a
     * writer other than an order-events batch), at most {@code limit}.
     */
    List<StoredAccount> withPendingChanges(int limit);

    /** How many accounts have changes waiting to be published (the outbox backlog). */
    long pendingChangesCount();

    /**
     * Ids of accounts with something due at or before {@code now} that no event has applied yet (a lot activating or
     * expiring, a grace period or an override ending), streamed; close the stream. An indexed range on MongoDB.
     */
    java.util.stream.Stream<String> dueBy(java.time.Instant now);

    /** Ids of every account holding returns whose orders have not arrived, streamed; close the stream. */
    java.util.stream.Stream<String> withHeldReturns();

    /** Whether any customer holds the tier (a tier in use cannot be deleted). */
    boolean anyHoldsTier(String tierCode);

    /**
     * An account as stored, with the changes it has not confirmed as published yet.
     *
     * @param redelivery for an outbox written by an order-events batch, the customer's last record in it: until that
     *                   record is handled, its redelivery publishes the outbox; for one written by a recalculation
     *                   chunk, the job and customer: until the job's cursor passes the customer, its redo does;
     *                   null when the relay has to
     */
    record StoredAccount(CustomerAccount account, List<AccountChange> outbox, Redelivery redelivery) {

        public StoredAccount(CustomerAccount account, List<AccountChange> outbox) {
            this(account, outbox, null);
        }

        /** The changes that may not be published yet: none once the batch or chunk that wrote them is known done. */
        public List<AccountChange> unpublished(java.util.function.Predicate<Redelivery> done) {
            return redelivery == null || outbox.isEmpty() || !done.test(redelivery) ? outbox : List.of();
        }
    }
}
