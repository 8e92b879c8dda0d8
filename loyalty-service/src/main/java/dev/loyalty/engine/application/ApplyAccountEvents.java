package dev.loyalty.engine.application;

import dev.loyalty.engine.domain.AccountChange;
import dev.loyalty.engine.domain.AccountEvent;
import dev.loyalty.engine.domain.CustomerAccount;
import dev.loyalty.engine.domain.LoyaltyProgram;
import dev.loyalty.engine.domain.RuleViolation;
import dev.loyalty.engine.domain.TierPolicy;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Use case: apply events to their customers' accounts, exactly once in effect.
 * <ol>
 *   <li>load the accounts (a batch: one read for all its customers); an event an account already
 *       applied changes nothing, but whatever that account still has to publish is published;</li>
 *   <li>apply each customer's events in order in memory, then store each touched account once,
 *       together with its new changes (the outbox), in a revision-guarded write; a customer whose
 *       write lost to a concurrent writer (a rebalance, another instance) is reloaded and applied again;</li>
 *   <li>publish the outboxes. A crash before that publishes the same change ids later, which consumers
 *       dedupe: for a batch of order events, its redelivery does, and the account's next write drops the
 *       outbox once the batch is known handled (no write of its own to clear it, a third of the writes); a
 *       recalculation over everybody is the same, its chunk redone until the job's cursor has passed it;
 *       every other writer clears its outbox after publishing, or the relay publishes it.</li>
 * </ol>
 * An event that breaks a rule, or cannot be applied for any other reason, changes nothing and goes to the
 * dead-letter topic alone with its reason; the customer's other events apply as if it had never come.
 */
@Service
public class ApplyAccountEvents {

    private final CustomerAccounts accounts;
    private final ProgramStore programStore;
    private final AccountChangePublisher publisher;
    private final DeadLetters deadLetters;
    private final OrderOwners orderOwners;
    private final OrderEventsProgress progress;
    private final RecalculationJobs jobs;
    private final Clock clock;
    private final RecentHistory history;

    public ApplyAccountEvents(CustomerAccounts accounts, ProgramStore programStore, AccountChangePublisher publisher,
                              DeadLetters deadLetters, OrderOwners orderOwners, OrderEventsProgress progress,
                              RecalculationJobs jobs, Clock clock, RecentHistory history) {
        this.history = history;
        this.accounts = accounts;
        this.programStore = programStore;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.orderOwners = orderOwners;
        this.progress = progress;
        this.jobs = jobs;
        this.clock = clock;
    }

    /**
     * One event (redemptions, the month-end sweep). A rule violation is thrown, not dead-lettered:
     * the caller is there to hear it.
     */
    public CustomerAccount.Applied apply(AccountEvent event) {
        Predicate<Redelivery> done = done(progress::handled);
        while (true) {
            CustomerAccounts.StoredAccount found = accounts.find(event.customerId()).orElseGet(() -> fresh(event.customerId()));
            CustomerAccounts.StoredAccount stored = history.prepare(Map.of(event.customerId(), found),
                    Map.of(event.customerId(), List.of(event))).get(event.customerId());
            CustomerAccount.Applied applied = stored.account().apply(event, programStore.program(), programStore.tiers(), clock.instant());
            if (!applied.stateChanged()) {
                publishPending(Map.of(event.customerId(), new CustomerAccounts.StoredAccount(stored.account(),
                        stored.unpublished(done), stored.redelivery())));
                return applied;
            }
            List<AccountChange> outbox = new ArrayList<>(stored.unpublished(done));
            outbox.addAll(applied.changes());
            if (accounts.save(applied.account(), outbox)) {
                applied.rejected().forEach(r -> deadLetters.reject(r.event(), r.reason()));
                publishPending(Map.of(event.customerId(), new CustomerAccounts.StoredAccount(
                        revised(applied.account()), outbox)));
                return applied;
            }
        }
    }

    /**
     * A batch of order events, in partition order.
     *
     * @param handled where the batch starts in each of its partitions: every record before was applied and published
     * @return what each event did, in the batch's order
     */
    public List<Outcome> applyAll(List<LoggedEvent> batch, HandledPositions handled) {
        List<AccountEvent> events = batch.stream().map(LoggedEvent::event).toList();
        Map<String, LogPosition> lastPositions = new HashMap<>(); // a customer's records are in order in one partition
        batch.forEach(logged -> lastPositions.put(logged.event().customerId(), logged.position()));
        Map<AccountEvent, Outcome> outcomes = new java.util.IdentityHashMap<>(); // a redelivered event equals the first
        Map<String, String> owners = orderOwners.ownersOf(events.stream()
                .filter(AccountEvent.OrderReturned.class::isInstance).map(e -> ((AccountEvent.OrderReturned) e).orderId()).distinct().toList());
        Map<String, List<AccountEvent>> byCustomer = new LinkedHashMap<>();
        for (AccountEvent e : events) {
            String owner = e instanceof AccountEvent.OrderReturned r ? owners.get(r.orderId()) : null;
            if (owner != null && !owner.equals(e.customerId())) {
                String reason = "Return " + ((AccountEvent.OrderReturned) e).returnId() + " names customer " + e.customerId()
                        + ", but order " + ((AccountEvent.OrderReturned) e).orderId() + " belongs to another customer.";
                deadLetters.reject(e, reason);
                outcomes.put(e, new Outcome(e, false, List.of(), 0, reason));
            } else {
                byCustomer.computeIfAbsent(e.customerId(), id -> new ArrayList<>()).add(e);
            }
        }
        Map<String, String> newOwners = new LinkedHashMap<>();
        events.stream().filter(AccountEvent.OrderPlaced.class::isInstance).map(AccountEvent.OrderPlaced.class::cast)
                .forEach(o -> newOwners.putIfAbsent(o.orderId(), o.customerId()));
        orderOwners.record(newOwners);
        applyAndStore(byCustomer, null, outcomes, lastPositions::get, () -> handled);
        return events.stream().map(outcomes::get).toList();
    }

    /**
     * A recalculation's chunk: the event applied to each of its customers that has an account, like
     * {@link #applyAll} (one read, one bulk write, lost writes applied again, changes published).
     * Customers without an account are left alone and counted. A dry run applies in memory only.
     *
     * @param redo per customer, the job's position when the job redoes the chunk until its cursor has passed it
     *             (the outbox then costs no clearing write); null when the outbox is cleared or relayed
     */
    public Recalculations recalculate(List<AccountEvent.Recalculated> events, boolean dryRun, Function<String, Redelivery> redo) {
        Map<String, CustomerAccounts.StoredAccount> loaded = accounts.findAll(
                events.stream().map(AccountEvent::customerId).toList());
        Map<String, List<AccountEvent>> pending = new LinkedHashMap<>();
        int unknown = 0;
        for (AccountEvent.Recalculated event : events) {
            if (loaded.containsKey(event.customerId())) {
                pending.put(event.customerId(), List.of(event));
            } else {
                unknown++;
            }
        }
        Map<AccountEvent, Outcome> outcomes = new java.util.IdentityHashMap<>();
        if (dryRun) {
            Map<String, CustomerAccounts.StoredAccount> ready = history.prepare(loaded, pending);
            LoyaltyProgram program = programStore.program();
            TierPolicy tiers = programStore.tiers();
            Instant now = clock.instant();
            pending.forEach((id, customerEvents) -> {
                AccountEvent event = customerEvents.get(0);
                CustomerAccount.Applied applied = ready.get(id).account().apply(event, program, tiers, now);
                outcomes.put(event, new Outcome(event, applied.stateChanged(), applied.changes(), 0, null));
            });
        } else {
            applyAndStore(pending, loaded, outcomes, redo, progress::handled);
        }
        int changedTiers = 0;
        int changedPoints = 0;
        for (Outcome outcome : outcomes.values()) {
            List<AccountChange> changes = outcome.changes().isEmpty() ? storedBefore(loaded.get(outcome.event().customerId()),
                    outcome.event()) : outcome.changes();
            changedTiers += changes.stream().anyMatch(AccountChange.TierChange.class::isInstance) ? 1 : 0;
            changedPoints += changes.stream().anyMatch(AccountChange.PointsChange.class::isInstance) ? 1 : 0;
        }
        return new Recalculations(events.size(), unknown, changedTiers, changedPoints);
    }

    /**
     * Applies each customer's events in order and stores every touched account once, revision-guarded;
     * customers whose write lost to a concurrent writer are reloaded and applied again.
     *
     * @param firstLoad  the customers' stored accounts if the caller already read them, else null
     * @param redelivery per customer, what publishes the new outbox again if this call stops before its publish
     *                   (its last record in a batch of order events, or a job's position); null: the relay
     * @param handled    what is known handled of the order-events log (asked only when a stored outbox needs it)
     */
    private void applyAndStore(Map<String, List<AccountEvent>> byCustomer, Map<String, CustomerAccounts.StoredAccount> firstLoad,
                               Map<AccountEvent, Outcome> outcomes, Function<String, ? extends Redelivery> redelivery,
                               Supplier<HandledPositions> handled) {
        Predicate<Redelivery> done = done(handled);
        LoyaltyProgram program = programStore.program();
        TierPolicy tiers = programStore.tiers();
        Map<String, List<AccountEvent>> pending = byCustomer;
        Map<String, CustomerAccounts.StoredAccount> preloaded = firstLoad;
        while (!pending.isEmpty()) {
            Map<String, CustomerAccounts.StoredAccount> loaded = history.prepare(
                    preloaded != null ? preloaded : accounts.findAll(pending.keySet()), pending);
            preloaded = null;
            Map<String, CustomerAccounts.StoredAccount> touched = new LinkedHashMap<>();
            Map<String, CustomerAccounts.StoredAccount> untouched = new LinkedHashMap<>();
            Map<String, List<Runnable>> rejections = new LinkedHashMap<>();
            Instant now = clock.instant();
            for (Map.Entry<String, List<AccountEvent>> entry : pending.entrySet()) {
                String customerId = entry.getKey();
                List<AccountEvent> customerEvents = entry.getValue();
                CustomerAccounts.StoredAccount stored = loaded.getOrDefault(customerId, fresh(customerId));
                CustomerAccount account = stored.account();
                List<AccountChange> unpublished = stored.unpublished(done);
                List<AccountChange> outbox = new ArrayList<>(unpublished);
                for (AccountEvent event : customerEvents) {
                    try {
                        CustomerAccount.Applied applied = account.apply(event, program, tiers, now);
                        outbox.addAll(applied.changes());
                        applied.rejected().forEach(r -> rejections.computeIfAbsent(customerId, id -> new ArrayList<>())
                                .add(() -> deadLetters.reject(r.event(), r.reason())));
                        outcomes.put(event, new Outcome(event, applied.stateChanged(), applied.changes(), applied.rejected().size(), null));
                        account = applied.account();
                    } catch (RuntimeException refused) {
                        // applying is pure computation: whatever it throws (a rule, an overflow, a bug) is this event's
                        // alone, so it goes to the dead-letter topic and the account stays as it was for the next one
                        String reason = refused instanceof RuleViolation ? refused.getMessage()
                                : "could not be applied: " + refused;
                        rejections.computeIfAbsent(customerId, id -> new ArrayList<>()).add(() -> deadLetters.reject(event, reason));
                        outcomes.put(event, new Outcome(event, false, List.of(), 0, reason));
                    }
                }
                if (account != stored.account()) {
                    touched.put(customerId, new CustomerAccounts.StoredAccount(account, outbox, redelivery.apply(customerId)));
                } else {
                    untouched.put(customerId, new CustomerAccounts.StoredAccount(account, unpublished, stored.redelivery()));
                }
            }
            Set<String> lost = accounts.saveAll(List.copyOf(touched.values()));
            // dead letters only for customers whose write stood (the others are judged again below)
            rejections.forEach((id, letters) -> {
                if (!lost.contains(id)) {
                    letters.forEach(Runnable::run);
                }
            });
            Map<String, CustomerAccounts.StoredAccount> toPublish = new LinkedHashMap<>(untouched);
            touched.forEach((id, stored) -> {
                if (!lost.contains(id)) {
                    toPublish.put(id, new CustomerAccounts.StoredAccount(revised(stored.account()), stored.outbox(), stored.redelivery()));
                }
            });
            publishPending(toPublish);
            Map<String, List<AccountEvent>> retry = new LinkedHashMap<>();
            for (String id : lost) {
                retry.put(id, pending.get(id));
            }
            pending = retry; // their events are applied again on the state the other writer left
        }
    }

    /** Publishes the outboxes, then clears those no redelivery would publish again (the others cost no write). */
    private void publishPending(Map<String, CustomerAccounts.StoredAccount> stored) {
        List<AccountChange> all = new ArrayList<>();
        Map<String, Long> revisions = new LinkedHashMap<>();
        stored.forEach((id, s) -> {
            if (!s.outbox().isEmpty()) {
                all.addAll(s.outbox());
                if (s.redelivery() == null) {
                    revisions.put(id, s.account().revision());
                }
            }
        });
        if (!all.isEmpty()) {
            publisher.publish(all);
            accounts.clearOutboxes(revisions);
        }
    }

    /**
     * The changes an earlier pass of this chunk stored for the event and has not published yet: a chunk done again
     * after a crash changes nothing more, but what its first pass changed still counts.
     */
    private static List<AccountChange> storedBefore(CustomerAccounts.StoredAccount stored, AccountEvent event) {
        return stored.outbox().stream().filter(change -> change.sourceEventId().equals(event.eventId())).toList();
    }

    /**
     * Publishes what a recalculation chunk stored and did not publish, for the customers whose outbox is still
     * that job's: the chunk in flight when its job ended without redoing it (cancelled while its runner was down,
     * or failed). The caller then moves the job's cursor past them.
     */
    public void publishLeftByJob(String jobId, List<String> customerIds) {
        Map<String, CustomerAccounts.StoredAccount> left = new LinkedHashMap<>();
        accounts.findAll(customerIds).forEach((id, stored) -> {
            if (stored.redelivery() instanceof JobPosition position && position.jobId().equals(jobId)) {
                left.put(id, stored);
            }
        });
        publishPending(left);
    }

    /**
     * Whether the batch or chunk that stored an outbox is known done, its changes published; each job's cursor is
     * read at most once per call, and only when an outbox needs it.
     */
    private Predicate<Redelivery> done(Supplier<HandledPositions> handled) {
        Map<String, Optional<String>> cursors = new HashMap<>();
        return redelivery -> redelivery instanceof LogPosition record ? handled.get().covers(record)
                : redelivery instanceof JobPosition customer && customer.passedBy(cursors.computeIfAbsent(customer.jobId(),
                        id -> jobs.find(id).map(RecalculationJob::cursor)).orElse(null));
    }

    /** An order event and where it sits in the log. */
    public record LoggedEvent(AccountEvent event, LogPosition position) {
    }

    private static CustomerAccounts.StoredAccount fresh(String customerId) {
        return new CustomerAccounts.StoredAccount(CustomerAccount.newCustomer(customerId), List.of());
    }

    /** The account as stored by a successful save: its revision moved on by one. */
    private static CustomerAccount revised(CustomerAccount account) {
        return account.withRevision(account.revision() + 1);
    }

    /** What a recalculation chunk did: customers visited, without an account, whose tier / balance changed. */
    public record Recalculations(int visited, int unknown, int changedTiers, int changedPoints) {
    }

    /**
     * What one event did: whether it moved the account, the changes it caused, held returns it
     * refused, or the rule it broke (then nothing changed and it was dead-lettered).
     */
    public record Outcome(AccountEvent event, boolean stateChanged, List<AccountChange> changes, int rejectedHeldReturns,
                          String violation) {
    }
}
