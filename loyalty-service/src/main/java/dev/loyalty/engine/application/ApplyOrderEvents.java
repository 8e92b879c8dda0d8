package dev.loyalty.engine.application;

import dev.loyalty.engine.domain.AccountChange;
import dev.loyalty.engine.domain.CustomerAccount;
import dev.loyalty.engine.domain.LoyaltyProgram;
import dev.loyalty.engine.domain.PlacedOrder;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Use case: apply a POS event to its customer's account, exactly once in effect.
 * <ol>
 *   <li>load the account; if it already applied the event, only finish publishing what is pending;</li>
 *   <li>apply the rules, then store the new state together with its changes (the outbox) in one
 *       revision-guarded write; a concurrent writer makes us reload and apply again;</li>
 *   <li>publish the outbox, then clear it. A crash before the clear republishes the same change ids,
 *       which consumers dedupe.</li>
 * </ol>
 */
@Service
public class ApplyOrderEvents {

    private final CustomerAccounts accounts;
    private final AccountChangePublisher publisher;
    private final Clock clock;

    public ApplyOrderEvents(CustomerAccounts accounts, AccountChangePublisher publisher, Clock clock) {
        this.accounts = accounts;
        this.publisher = publisher;
        this.clock = clock;
    }

    public List<AccountChange> apply(PlacedOrder order) {
        while (true) {
            CustomerAccounts.StoredAccount stored = accounts.find(order.customerId())
                    .orElseGet(() -> new CustomerAccounts.StoredAccount(CustomerAccount.newCustomer(order.customerId()), List.of()));
            CustomerAccount.Applied applied = stored.account().apply(order, LoyaltyProgram.DEFAULT, clock.instant());
            if (applied.changes().isEmpty() && applied.account() == stored.account()) {
                publishPending(stored.account().customerId(), stored.account().revision(), stored.outbox());
                return List.of();
            }
            List<AccountChange> outbox = new ArrayList<>(stored.outbox());
            outbox.addAll(applied.changes());
            if (accounts.save(applied.account(), outbox)) {
                publishPending(applied.account().customerId(), applied.account().revision() + 1, outbox);
                return applied.changes();
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
