package dev.loyalty.engine.application;

import dev.loyalty.engine.domain.AccountChange;
import dev.loyalty.engine.domain.AccountEvent;
import dev.loyalty.engine.domain.CustomerAccount;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Use case: apply an event to its customer's account, exactly once in effect.
 * <ol>
 *   <li>load the account; if it already applied the event, only finish publishing what is pending;</li>
 *   <li>apply the rules, then store the new state together with its changes (the outbox) in one
 *       revision-guarded write; a concurrent writer makes us reload and apply again;</li>
 *   <li>publish the outbox, then clear it. A crash before the clear republishes the same change ids,
 *       which consumers dedupe.</li>
 * </ol>
 * A {@link dev.loyalty.engine.domain.RuleViolation} or {@link dev.loyalty.engine.domain.InsufficientPoints}
 * leaves everything unchanged and reaches the caller.
 */
@Service
public class ApplyAccountEvents {

    private final CustomerAccounts accounts;
    private final ProgramStore programStore;
    private final AccountChangePublisher publisher;
    private final DeadLetters deadLetters;
    private final Clock clock;

    public ApplyAccountEvents(CustomerAccounts accounts, ProgramStore programStore, AccountChangePublisher publisher,
                              DeadLetters deadLetters, Clock clock) {
        this.accounts = accounts;
        this.programStore = programStore;
        this.publisher = publisher;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    /** @return the account after the event and the changes the event caused */
    public CustomerAccount.Applied apply(AccountEvent event) {
        while (true) {
            CustomerAccounts.StoredAccount stored = accounts.find(event.customerId())
                    .orElseGet(() -> new CustomerAccounts.StoredAccount(CustomerAccount.newCustomer(event.customerId()), List.of()));
            CustomerAccount.Applied applied = stored.account().apply(event, programStore.program(), programStore.tiers(), clock.instant());
            if (!applied.stateChanged()) {
                publishPending(stored.account().customerId(), stored.account().revision(), stored.outbox());
                return applied;
            }
            List<AccountChange> outbox = new ArrayList<>(stored.outbox());
            outbox.addAll(applied.changes());
            if (accounts.save(applied.account(), outbox)) {
                applied.rejected().forEach(r -> deadLetters.reject(r.event(), r.reason()));
                publishPending(applied.account().customerId(), applied.account().revision() + 1, outbox);
                return applied;
            }
        }
    }

    private void publishPending(String customerId, long storedRevision, List<AccountChange> outbox) {
        if (!outbox.isEmpty()) {
            publisher.publish(outbox);
            accounts.clearOutbox(customerId, storedRevision);
        }
    }
}
