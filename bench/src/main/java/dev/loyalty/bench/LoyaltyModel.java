package dev.loyalty.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The generator's own model of the rules the workload exercises (lifetime criterion, points at the tier
 * held before each order, returns leaving each order what its remainder earns, recalculation), written
 * independently of the engine so the correctness gate compares two implementations, not one with itself.
 */
final class LoyaltyModel {

    /** A tier: from {@code minSpend} up, earning {@code points} per whole {@code spend}. */
    record TierDefinition(String code, long minSpend, long spend, long points) {
    }

    static final TierDefinition NO_TIER = new TierDefinition(null, 0, 10_000, 1); // the program's default rate

    private List<TierDefinition> tiers; // ascending minSpend
    private final Map<String, Customer> customers = new HashMap<>();
    private long tierChanges;

    LoyaltyModel(List<TierDefinition> tiers) {
        this.tiers = List.copyOf(tiers);
    }

    static final class Customer {
        long spend;
        long points;
        TierDefinition tier = NO_TIER;
        final Map<String, Order> orders = new HashMap<>(4);
    }

    static final class Order {
        final long amount;
        long returned;
        long spend;
        long rate;
        long points;

        Order(long amount) {
            this.amount = amount;
        }
    }

    void order(String customerId, String orderId, long amount) {
        Customer c = customers.computeIfAbsent(customerId, id -> new Customer());
        Order order = new Order(amount);
        order.spend = c.tier.spend();
        order.rate = c.tier.points();
        order.points = amount / order.spend * order.rate;
        c.orders.put(orderId, order);
        c.spend += amount;
        c.points += order.points;
        placeInTier(c);
    }

    void returned(String customerId, String orderId, long amount) {
        Customer c = customers.get(customerId);
        Order order = c.orders.get(orderId);
        order.returned += amount;
        long points = (order.amount - order.returned) / order.spend * order.rate;
        c.points += points - order.points;
        order.points = points;
        c.spend -= amount;
        placeInTier(c);
    }

    /** Tiers from the new definitions, every order at its customer's new tier's rate (no redemptions here). */
    void recalculate(List<TierDefinition> newTiers) {
        tiers = List.copyOf(newTiers);
        for (Customer c : customers.values()) {
            c.tier = tierFor(c.spend);
            long total = 0;
            for (Order order : c.orders.values()) {
                order.spend = c.tier.spend();
                order.rate = c.tier.points();
                order.points = (order.amount - order.returned) / order.spend * order.rate;
                total += order.points;
            }
            c.points = total;
        }
    }

    private void placeInTier(Customer c) {
        TierDefinition earned = tierFor(c.spend);
        if (earned != c.tier) {
            c.tier = earned;
            tierChanges++;
        }
    }

    private TierDefinition tierFor(long spend) {
        TierDefinition found = NO_TIER;
        for (TierDefinition t : tiers) {
            if (t.minSpend() <= spend) {
                found = t;
            }
        }
        return found;
    }

    Map<String, Customer> customers() {
        return customers;
    }

    Customer customer(String customerId) {
        return customers.get(customerId);
    }

    /** Remaining amount of each order of the customer with something left to return, for the generator. */
    List<Map.Entry<String, Long>> returnable(String customerId) {
        Customer c = customers.get(customerId);
        List<Map.Entry<String, Long>> open = new ArrayList<>();
        if (c != null) {
            c.orders.forEach((id, o) -> {
                if (o.amount > o.returned) {
                    open.add(Map.entry(id, o.amount - o.returned));
                }
            });
        }
        return open;
    }

    long tierChanges() {
        return tierChanges;
    }
}
