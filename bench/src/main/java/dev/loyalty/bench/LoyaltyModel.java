package dev.loyalty.bench;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The generator's own model of the rules the workload exercises, written independently of the engine so the
 * correctness gate compares two implementations, not one with itself: the lifetime criterion, points at the tier
 * held before each order, returns leaving each order what its remainder earns, and the lifecycle the bench's program
 * runs with: each order's points a lot, pending for some days and expiring at a month's end, returns taking from
 * their own order's lot first, spending from the soonest-expiring; a tier kept through a grace period after a drop;
 * operators' overrides and adjustments; and the recalculation, which derives every lot again.
 * <p>
 * Everything is judged at one instant, {@link Lifecycle#now()}: the bench dates its records so that no lot activates
 * or expires and no grace period ends while it runs, so the outcome does not depend on when a sweep ran.
 */
final class LoyaltyModel {

    /** A tier: from {@code minSpend} up, earning {@code points} per whole {@code spend}. */
    record TierDefinition(String code, long minSpend, long spend, long points) {
    }

    static final TierDefinition NO_TIER = new TierDefinition(null, 0, 10_000, 1); // the program's default rate

    /**
     * The program's lifecycle settings, and the instant the run is judged at.
     *
     * @param expiryMonths the {@code END_OF_MONTH_AFTER_MONTHS} value, or -1: points never expire
     * @param graceDays    the {@code GRACE_DAYS} days, or 0: {@code IMMEDIATE} demotion
     */
    record Lifecycle(ZoneId zone, int pendingDays, int expiryMonths, int graceDays, Instant now) {

        /** The program's defaults: nothing pending, nothing expiring, demotion at once. */
        static final Lifecycle NONE = new Lifecycle(ZoneId.of("Asia/Ho_Chi_Minh"), 0, -1, 0, Instant.EPOCH);

        Instant pendingUntil(Instant earnedAt) {
            return pendingDays == 0 ? null : earnedAt.atZone(zone).plusDays(pendingDays).toInstant();
        }

        /** The instant the month after the {@code expiryMonths}th month after the lot's own month starts. */
        Instant expiresAt(Instant earnedAt) {
            return expiryMonths < 0 ? null
                    : YearMonth.from(earnedAt.atZone(zone)).plusMonths(expiryMonths + 1L).atDay(1).atStartOfDay(zone).toInstant();
        }
    }

    enum OverrideMode { FLOOR, FIXED }

    record Override(OverrideMode mode, String tier) {
    }

    private List<TierDefinition> tiers; // ascending minSpend
    private final Lifecycle lifecycle;
    private final Map<String, Customer> customers = new HashMap<>();
    private long tierChanges;
    private long expiredLots;

    LoyaltyModel(List<TierDefinition> tiers) {
        this(tiers, Lifecycle.NONE);
    }

    LoyaltyModel(List<TierDefinition> tiers, Lifecycle lifecycle) {
        this.tiers = List.copyOf(tiers);
        this.lifecycle = lifecycle;
    }

    /** Points that form, activate and expire together: an order's, or a positive adjustment's. */
    static final class Lot {
        final String id;
        final Instant earnedAt;
        final Instant pendingUntil;
        final Instant expiresAt;
        long remaining;

        Lot(String id, long points, Instant earnedAt, Lifecycle lifecycle, boolean pending) {
            this.id = id;
            this.remaining = points;
            this.earnedAt = earnedAt;
            this.pendingUntil = pending ? lifecycle.pendingUntil(earnedAt) : null;
            this.expiresAt = lifecycle.expiresAt(earnedAt);
        }

        boolean pendingAt(Instant now) {
            return pendingUntil != null && now.isBefore(pendingUntil);
        }
    }

    static final class Customer {
        long spend;
        /** The criterion's tier after retention; the tier held is this, or the override. */
        TierDefinition base = NO_TIER;
        Override override;
        final Map<String, Order> orders = new HashMap<>(4);
        final List<Lot> lots = new ArrayList<>(1);
        /** How far below zero the balance is: points taken back beyond every lot. */
        long debt;
        /** Adjustments in the order they were made: a positive one formed a lot, a negative one was spent. */
        final List<Long> adjustments = new ArrayList<>(0);
        private TierDefinition held = NO_TIER;

        long points() {
            return lots.stream().mapToLong(l -> l.remaining).sum() - debt;
        }

        TierDefinition tier() {
            return held;
        }
    }

    static final class Order {
        final long amount;
        final Instant occurredAt;
        long returned;
        long spend;
        long rate;
        long points;

        Order(long amount, Instant occurredAt) {
            this.amount = amount;
            this.occurredAt = occurredAt;
        }
    }

    void order(String customerId, String orderId, long amount, Instant occurredAt) {
        Customer c = place(customerId, orderId, amount, occurredAt);
        expireDue(c);
    }

    /** An order whose return travelled ahead of it: the return applies as the order arrives, before anything expires. */
    void orderReturnedAhead(String customerId, String orderId, long amount, Instant occurredAt, long returnedAmount) {
        Customer c = place(customerId, orderId, amount, occurredAt);
        takeBackFor(c, orderId, returnedAmount);
        expireDue(c);
    }

    /** The points the order holds now (what it earned, less what its returns took back). */
    long orderPoints(String customerId, String orderId) {
        return customers.get(customerId).orders.get(orderId).points;
    }

    void returned(String customerId, String orderId, long amount) {
        Customer c = customers.get(customerId);
        takeBackFor(c, orderId, amount);
        expireDue(c);
    }

    /** An operator's adjustment, made at the model's instant: a positive one is a lot, a negative one is spent. */
    void adjusted(String customerId, long points) {
        Customer c = customers.get(customerId);
        c.adjustments.add(points);
        if (points > 0) {
            earn(c, new Lot("adjustment:" + c.adjustments.size(), points, lifecycle.now(), lifecycle, false));
        } else {
            take(c, -points, null, false);
        }
    }

    /** An operator's override: the tier held from now on is it ({@code FIXED}) or at least it ({@code FLOOR}). */
    void overridden(String customerId, Override override) {
        Customer c = customers.get(customerId);
        c.override = override;
        hold(c);
    }

    /** What a negative adjustment may take: the balance less what is pending (no tier here locks a minimum). */
    long redeemable(String customerId) {
        Customer c = customers.get(customerId);
        return Math.max(0, c.points() - pending(c));
    }

    /**
     * Tiers from the new definitions (retention and the override on top), every order at the held tier's new rate, and
     * every lot derived again: formed when earned, gone once expired, negative adjustments spent again after them.
     */
    void recalculate(List<TierDefinition> newTiers) {
        tiers = List.copyOf(newTiers);
        for (Customer c : customers.values()) {
            TierDefinition computed = tierFor(c.spend);
            c.base = lifecycle.graceDays() > 0 && rank(c.base) > rank(computed) ? c.base : computed;
            hold(c);
            c.lots.clear();
            c.debt = 0;
            List<Map.Entry<String, Order>> byTime = new ArrayList<>(c.orders.entrySet());
            byTime.sort(Comparator.comparing((Map.Entry<String, Order> e) -> e.getValue().occurredAt).thenComparing(Map.Entry::getKey));
            for (Map.Entry<String, Order> entry : byTime) {
                Order order = entry.getValue();
                order.spend = c.held.spend();
                order.rate = c.held.points();
                order.points = (order.amount - order.returned) / order.spend * order.rate;
                if (order.points > 0) {
                    earn(c, new Lot(entry.getKey(), order.points, order.occurredAt, lifecycle, true));
                }
            }
            removeExpired(c); // before the adjustments (made in this run, after every order): what had expired is gone
            List<Long> made = List.copyOf(c.adjustments);
            for (int i = 0; i < made.size(); i++) {
                if (made.get(i) > 0) {
                    earn(c, new Lot("adjustment:" + (i + 1), made.get(i), lifecycle.now(), lifecycle, false));
                } else {
                    take(c, -made.get(i), null, true);
                }
            }
        }
    }

    private Customer place(String customerId, String orderId, long amount, Instant occurredAt) {
        Customer c = customers.computeIfAbsent(customerId, id -> new Customer());
        Order order = new Order(amount, occurredAt);
        order.spend = c.held.spend();
        order.rate = c.held.points();
        order.points = amount / order.spend * order.rate;
        c.orders.put(orderId, order);
        c.spend += amount;
        if (order.points > 0) {
            earn(c, new Lot(orderId, order.points, occurredAt, lifecycle, true));
        }
        placeInTier(c);
        return c;
    }

    /** The order keeps exactly what its remaining amount earns at its own rate; the rest is taken back. */
    private void takeBackFor(Customer c, String orderId, long amount) {
        Order order = c.orders.get(orderId);
        order.returned += amount;
        long points = (order.amount - order.returned) / order.spend * order.rate;
        take(c, order.points - points, orderId, true);
        order.points = points;
        c.spend -= amount;
        placeInTier(c);
    }

    /** New points repay a debt first; what is left is the lot. */
    private static void earn(Customer c, Lot lot) {
        long repaid = Math.min(c.debt, lot.remaining);
        c.debt -= repaid;
        lot.remaining -= repaid;
        c.lots.add(lot);
    }

    /**
     * Points taken: from {@code ownLot} first, then the redeemable lots soonest-expiring first, then (for a return)
     * the pending ones; whatever no lot holds becomes a debt.
     */
    private void take(Customer c, long points, String ownLot, boolean pendingToo) {
        Instant now = lifecycle.now();
        Comparator<Lot> soonest = Comparator.comparing((Lot l) -> l.expiresAt, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(l -> l.earnedAt).thenComparing(l -> l.id);
        List<Lot> order = new ArrayList<>();
        c.lots.stream().filter(l -> l.id.equals(ownLot)).forEach(order::add);
        c.lots.stream().filter(l -> !l.id.equals(ownLot) && !l.pendingAt(now)).sorted(soonest).forEach(order::add);
        if (pendingToo) {
            c.lots.stream().filter(l -> !l.id.equals(ownLot) && l.pendingAt(now)).sorted(soonest).forEach(order::add);
        }
        long left = points;
        for (Lot lot : order) {
            long taken = Math.min(left, lot.remaining);
            lot.remaining -= taken;
            left -= taken;
        }
        c.debt += left;
        c.lots.removeIf(l -> l.remaining == 0);
    }

    /** Lots whose expiry is not after the model's instant leave the balance. */
    private void expireDue(Customer c) {
        expiredLots += removeExpired(c);
    }

    /** @return how many of the lots removed still held points */
    private int removeExpired(Customer c) {
        int withPoints = 0;
        for (var lots = c.lots.iterator(); lots.hasNext(); ) {
            Lot lot = lots.next();
            if (lot.expiresAt != null && !lot.expiresAt.isAfter(lifecycle.now())) {
                withPoints += lot.remaining > 0 ? 1 : 0;
                lots.remove();
            }
        }
        return withPoints;
    }

    /** Points in the balance that are not redeemable yet. */
    long pending(Customer c) {
        return c.lots.stream().filter(l -> l.pendingAt(lifecycle.now())).mapToLong(l -> l.remaining).sum();
    }

    /** The points of every lot with the earliest expiry, and that instant; null when nothing will expire. */
    Expiring expiring(Customer c) {
        Instant first = c.lots.stream().filter(l -> l.remaining > 0 && l.expiresAt != null).map(l -> l.expiresAt)
                .min(Comparator.naturalOrder()).orElse(null);
        return first == null ? null : new Expiring(c.lots.stream().filter(l -> first.equals(l.expiresAt)).mapToLong(l -> l.remaining).sum(), first);
    }

    record Expiring(long points, Instant at) {
    }

    /** Lots that expired with points left in them (in the live run; a recalculation's re-derivation not counted). */
    long expiredLots() {
        return expiredLots;
    }

    /** Promotions at once; under a grace period a drop keeps the tier (no grace ends while the bench runs). */
    private void placeInTier(Customer c) {
        TierDefinition computed = tierFor(c.spend);
        if (lifecycle.graceDays() == 0 || rank(computed) > rank(c.base)) {
            c.base = computed;
        }
        hold(c);
    }

    /** The tier held: the base, or the override on top of it, by today's definitions. */
    private void hold(Customer c) {
        TierDefinition held = c.base;
        if (c.override != null) {
            TierDefinition pinned = definitionOf(c.override.tier());
            held = c.override.mode() == OverrideMode.FIXED || rank(pinned) > rank(c.base) ? pinned : c.base;
        }
        if (!Objects.equals(held.code(), c.held.code())) {
            tierChanges++;
        }
        c.held = definitionOf(held.code());
    }

    private TierDefinition definitionOf(String code) {
        return tiers.stream().filter(t -> t.code().equals(code)).findFirst().orElse(NO_TIER);
    }

    /** Whether the customer holds a tier above what the criterion gives, kept through a grace period. */
    boolean inGrace(String customerId) {
        Customer c = customers.get(customerId);
        return rank(c.base) > rank(tierFor(c.spend));
    }

    private int rank(TierDefinition tier) {
        for (int i = 0; i < tiers.size(); i++) {
            if (tiers.get(i).code().equals(tier.code())) {
                return i;
            }
        }
        return -1;
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

    Lifecycle lifecycle() {
        return lifecycle;
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
