package dev.loyalty.engine.domain;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The part of a customer's history kept out of the account (contract: every order returnable, every redemption
 * answered again, however old): orders and redemptions beyond the account's recent window live in records of their
 * own, read only when an event names them (a return of an old order, the same order or redemption again) or needs
 * them all (a recalculation, an opening balance). So the account, read and written on every event, stays the same
 * size however many orders the customer has.
 * <p>
 * Two rules change every order at once: an opening balance (orders before its {@code asOf} stop counting as spend) and
 * a recalculation with points (every order's rate). They are not written into each archived record: the account
 * records them as marks, each with the archive's generation, and an archived record moved out before a mark reads as
 * that mark made it ({@link #current}). A record moved out after the mark already carries its effect.
 *
 * @param orders      how many orders were ever moved out (0: the archive holds none, nothing need be read)
 * @param redemptions how many redemptions were ever moved out
 * @param generation  counts the marks; each archived record carries the generation it was moved out at
 * @param imports     opening balances applied while orders were archived, each with the {@code asOf} in force then
 * @param rates       the last recalculation with points while orders were archived, or null
 * @param found       what was brought from the archive for the events at hand (never stored)
 */
public record OrderArchive(long orders, long redemptions, long generation, List<SpendImported> imports, RatesRecalculated rates,
                           Found found) {

    public static final OrderArchive EMPTY = new OrderArchive(0, 0, 0, List.of(), null, Found.NOTHING);

    public OrderArchive {
        imports = List.copyOf(imports);
        Objects.requireNonNull(found, "found");
    }

    /** Orders dated before {@code asOf} stopped counting as spend (their points stay). */
    public record SpendImported(long generation, Instant asOf) {
    }

    /** Every order's rate became {@code rate} (none for an order that does not count as spend). */
    public record RatesRecalculated(long generation, EarnRate rate) {
    }

    /** An order as moved out of the account, at the archive's generation then. */
    public record ArchivedOrder(OrderRecord order, long generation) {
    }

    /**
     * Records read from the archive: those of the ids asked (an id asked and absent is not there), or all of them.
     * Ids neither asked nor in {@code everything} were not read: asking the archive about them is a defect.
     */
    public record Found(Map<String, ArchivedOrder> orders, Set<String> askedOrders, Map<String, RedemptionRecord> redemptions,
                        Set<String> askedRedemptions, boolean everything) {

        public static final Found NOTHING = new Found(Map.of(), Set.of(), Map.of(), Set.of(), false);

        public Found {
            orders = Map.copyOf(orders);
            askedOrders = Set.copyOf(askedOrders);
            redemptions = Map.copyOf(redemptions);
            askedRedemptions = Set.copyOf(askedRedemptions);
        }
    }

    public OrderArchive with(Found next) {
        return new OrderArchive(orders, redemptions, generation, imports, rates, next);
    }

    /** The archived order as it stands now (the marks since it was moved out applied), or null if not archived. */
    OrderRecord order(String orderId) {
        if (orders == 0) {
            return null;
        }
        if (!found.everything() && !found.askedOrders().contains(orderId)) {
            throw new IllegalStateException("order " + orderId + " was not read from the archive");
        }
        ArchivedOrder archived = found.orders().get(orderId);
        return archived == null ? null : current(archived);
    }

    RedemptionRecord redemption(String redemptionId) {
        if (redemptions == 0) {
            return null;
        }
        if (!found.everything() && !found.askedRedemptions().contains(redemptionId)) {
            throw new IllegalStateException("redemption " + redemptionId + " was not read from the archive");
        }
        return found.redemptions().get(redemptionId);
    }

    /** Every archived order as it stands now (a recalculation, an opening balance). */
    Collection<OrderRecord> allOrders() {
        requireEverything();
        return found.orders().values().stream().map(this::current).toList();
    }

    Collection<RedemptionRecord> allRedemptions() {
        requireEverything();
        return found.redemptions().values();
    }

    private void requireEverything() {
        if ((orders > 0 || redemptions > 0) && !found.everything()) {
            throw new IllegalStateException("the archive was not read whole");
        }
    }

    /**
     * The record as the marks after it made it: counting as spend unless an opening balance after it covers its date,
     * earning at the last recalculation's rate if that came after it (what it earns of its remaining amount, nothing
     * when it did not count then).
     */
    OrderRecord current(ArchivedOrder archived) {
        OrderRecord o = archived.order();
        boolean counts = o.countsAsSpend();
        boolean countedAtRecalculation = counts;
        for (SpendImported mark : imports) {
            if (mark.generation() > archived.generation() && o.occurredAt().isBefore(mark.asOf())) {
                counts = false;
                if (rates != null && mark.generation() < rates.generation()) {
                    countedAtRecalculation = false;
                }
            }
        }
        if (rates == null || rates.generation() <= archived.generation()) {
            return counts == o.countsAsSpend() ? o : o.withCounts(counts);
        }
        EarnRate rate = countedAtRecalculation ? rates.rate() : null;
        long points = rate == null ? 0 : rate.pointsFor(o.remaining());
        return new OrderRecord(o.orderId(), o.amount(), o.returned(), o.occurredAt(), o.month(), rate, points, counts, o.returnIds());
    }

    OrderArchive movedOut(int movedOrders, int movedRedemptions) {
        return new OrderArchive(orders + movedOrders, redemptions + movedRedemptions, generation, imports, rates, found);
    }

    /** An opening balance applied while orders are archived: those dated before {@code asOf} stop counting. */
    OrderArchive imported(Instant asOf) {
        List<SpendImported> next = new java.util.ArrayList<>(imports);
        next.add(new SpendImported(generation + 1, asOf));
        return new OrderArchive(orders, redemptions, generation + 1, next, rates, found);
    }

    OrderArchive recalculated(EarnRate rate) {
        return new OrderArchive(orders, redemptions, generation + 1, imports, new RatesRecalculated(generation + 1, rate), found);
    }

    /** The same archive, stored (what was read for one application is not kept). */
    public OrderArchive stored() {
        return found == Found.NOTHING ? this : with(Found.NOTHING);
    }
}
