package dev.loyalty.engine.application;

import dev.loyalty.engine.domain.OrderArchive;
import dev.loyalty.engine.domain.RedemptionRecord;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The archive in memory, with the store's rule: a copy from an older account document never replaces a newer one. */
public class InMemoryArchive implements AccountArchive {

    record Copy(long revision, Object record) {
    }

    final Map<String, Map<String, Copy>> orders = new ConcurrentHashMap<>();
    final Map<String, Map<String, Copy>> redemptions = new ConcurrentHashMap<>();

    @Override
    public void keep(List<Moved> moved) {
        for (Moved m : moved) {
            m.orders().forEach(o -> orders.computeIfAbsent(m.customerId(), id -> new ConcurrentHashMap<>())
                    .merge(o.order().orderId(), new Copy(m.revision(), o), (a, b) -> b.revision() >= a.revision() ? b : a));
            m.redemptions().forEach(r -> redemptions.computeIfAbsent(m.customerId(), id -> new ConcurrentHashMap<>())
                    .merge(r.redemptionId(), new Copy(m.revision(), r), (a, b) -> b.revision() >= a.revision() ? b : a));
        }
    }

    @Override
    public Map<String, OrderArchive.Found> find(Map<String, Asked> asked) {
        Map<String, OrderArchive.Found> found = new HashMap<>();
        asked.forEach((customer, a) -> found.put(customer, found(customer, a.orders(), a.redemptions(), false)));
        return found;
    }

    @Override
    public Map<String, OrderArchive.Found> everything(Collection<String> customerIds) {
        Map<String, OrderArchive.Found> found = new HashMap<>();
        customerIds.forEach(customer -> found.put(customer, found(customer, null, null, true)));
        return found;
    }

    private OrderArchive.Found found(String customer, Set<String> askedOrders, Set<String> askedRedemptions, boolean everything) {
        Map<String, OrderArchive.ArchivedOrder> o = new HashMap<>();
        orders.getOrDefault(customer, Map.of()).forEach((id, copy) -> {
            if (everything || askedOrders.contains(id)) {
                o.put(id, (OrderArchive.ArchivedOrder) copy.record());
            }
        });
        Map<String, RedemptionRecord> r = new HashMap<>();
        redemptions.getOrDefault(customer, Map.of()).forEach((id, copy) -> {
            if (everything || askedRedemptions.contains(id)) {
                r.put(id, (RedemptionRecord) copy.record());
            }
        });
        return new OrderArchive.Found(o, everything ? Set.of() : askedOrders, r, everything ? Set.of() : askedRedemptions, everything);
    }

    /** How many orders the archive holds for the customer. */
    public int ordersOf(String customerId) {
        return orders.getOrDefault(customerId, Map.of()).size();
    }
}
