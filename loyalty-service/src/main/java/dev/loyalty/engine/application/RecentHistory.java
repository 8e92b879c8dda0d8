package dev.loyalty.engine.application;

import dev.loyalty.engine.config.LoyaltyProperties;
import dev.loyalty.engine.domain.AccountEvent;
import dev.loyalty.engine.domain.CustomerAccount;
import dev.loyalty.engine.domain.OrderArchive;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Readies loaded accounts for their events (see {@link OrderArchive}): what has grown beyond the recent window is
 * copied to the archive (the write that follows drops it from the account), and what the events name from the archive
 * is read, in one request each for all the accounts at hand. An account with no archive and a window within bounds
 * costs nothing here.
 * <p>
 * Why a crash anywhere is harmless: the copies are of what the stored document held, so a writer that stops after
 * copying (or whose account write loses to another writer) leaves the archive holding records the account still holds
 * too, and the account's own copy wins (it is read first); the next writer copies them again, changing nothing. Only
 * after its copies are acknowledged does a writer store the account without them.
 */
@Component
public class RecentHistory {

    private final AccountArchive archive;
    private final int recentOrders;

    @org.springframework.beans.factory.annotation.Autowired
    public RecentHistory(AccountArchive archive, LoyaltyProperties properties) {
        this(archive, properties.recentOrders());
    }

    public RecentHistory(AccountArchive archive, int recentOrders) {
        this.archive = archive;
        this.recentOrders = recentOrders;
    }

    public Map<String, CustomerAccounts.StoredAccount> prepare(Map<String, CustomerAccounts.StoredAccount> loaded,
                                                                Map<String, ? extends List<? extends AccountEvent>> events) {
        Map<String, CustomerAccounts.StoredAccount> ready = new LinkedHashMap<>(loaded);
        List<AccountArchive.Moved> moved = new ArrayList<>();
        loaded.forEach((id, stored) -> {
            CustomerAccount.MoveOut out = stored.account().movingOut(recentOrders);
            if (!out.isEmpty()) {
                moved.add(new AccountArchive.Moved(id, stored.account().revision(), out.orders(), out.redemptions()));
                ready.put(id, new CustomerAccounts.StoredAccount(out.account(), stored.outbox(), stored.redelivery()));
            }
        });
        if (!moved.isEmpty()) {
            archive.keep(moved);
        }
        Map<String, AccountArchive.Asked> asked = new HashMap<>();
        Set<String> whole = new HashSet<>();
        events.forEach((id, customerEvents) -> {
            CustomerAccounts.StoredAccount stored = ready.get(id);
            if (stored == null) {
                return; // a new customer has no archive
            }
            CustomerAccount account = stored.account();
            Set<String> orders = new HashSet<>();
            Set<String> redemptions = new HashSet<>();
            for (AccountEvent event : customerEvents) {
                if (account.needsWholeArchive(event)) {
                    whole.add(id);
                }
                account.archivedOrderAsked(event).ifPresent(orders::add);
                account.archivedRedemptionAsked(event).ifPresent(redemptions::add);
            }
            if (!whole.contains(id) && (!orders.isEmpty() || !redemptions.isEmpty())) {
                asked.put(id, new AccountArchive.Asked(orders, redemptions));
            }
        });
        Map<String, OrderArchive.Found> found = new HashMap<>();
        if (!asked.isEmpty()) {
            found.putAll(archive.find(asked));
        }
        if (!whole.isEmpty()) {
            found.putAll(archive.everything(whole));
        }
        found.forEach((id, f) -> {
            CustomerAccounts.StoredAccount stored = ready.get(id);
            ready.put(id, new CustomerAccounts.StoredAccount(stored.account().withFound(f), stored.outbox(), stored.redelivery()));
        });
        return ready;
    }
}
