package dev.loyalty.engine.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One customer's loyalty state and every rule that moves it: spend per month and over all time,
 * points per order (so returns reverse exactly), opening balances per source, the tier, redemptions,
 * and the ids of recently applied events (so a redelivered event changes nothing).
 * Immutable: applying an event returns the next state and the changes it caused.
 *
 * @param monthlySpend net spend of counted orders by the order's month (program time zone)
 * @param orderSpend   what orders add to lifetime spend (see {@link OrderRecord#spendContribution()})
 * @param evaluatedThrough the month (program time zone) that was current when the account was last evaluated: every
 *                         month boundary up to its start has been applied (null: never evaluated)
 * @param revision     optimistic-concurrency revision of the stored state (0 = never stored)
 */
public record CustomerAccount(String customerId, Map<String, OrderRecord> orders, Map<YearMonth, Long> monthlySpend,
                              long orderSpend, Map<String, OpeningBalance> openingBalances, Instant firstPurchaseAt,
                              long pointsBalance, String tier, long lastSequence, List<HeldReturn> heldReturns,
                              Map<String, RedemptionRecord> redemptions, List<String> recentEventIds,
                              YearMonth evaluatedThrough, long revision, Instant updatedAt) {

    /** How many applied event ids an account remembers: far more than one consumer batch can redeliver. */
    public static final int REMEMBERED_EVENTS = 256;

    /** At most this many month boundaries are evaluated at once: an account idle for longer gets the latest ones. */
    static final int MAX_ROLLOVERS = 24;

    public CustomerAccount {
        orders = Map.copyOf(orders);
        monthlySpend = Map.copyOf(monthlySpend);
        openingBalances = Map.copyOf(openingBalances);
        heldReturns = List.copyOf(heldReturns);
        redemptions = Map.copyOf(redemptions);
        recentEventIds = List.copyOf(recentEventIds);
    }

    public static CustomerAccount newCustomer(String customerId) {
        return new CustomerAccount(customerId, Map.of(), Map.of(), 0, Map.of(), null, 0, null, 0, List.of(), Map.of(),
                List.of(), null, 0, null);
    }

    public long lifetimeSpend() {
        return Math.addExact(orderSpend, openingSpend(openingBalances));
    }

    private static long openingSpend(Map<String, OpeningBalance> openingBalances) {
        return openingBalances.values().stream().mapToLong(OpeningBalance::spend).reduce(0, Math::addExact);
    }

    /** The latest {@code asOf} over the customer's opening balances; orders before it are inside the import. */
    public Optional<Instant> openingBalanceAsOf() {
        return openingBalances.values().stream().map(OpeningBalance::asOf).max(Instant::compareTo);
    }

    /** Where the customer stands, without the history behind it. */
    public AccountStanding standing() {
        return new AccountStanding(customerId, tier, pointsBalance, lifetimeSpend(), monthlySpend, firstPurchaseAt,
                evaluatedThrough, revision, updatedAt);
    }

    /** The value the program's criterion compares with each tier's {@code minSpend}, at {@code at} (the service clock). */
    public long qualifyingSpend(LoyaltyProgram program, Instant at) {
        return QualifyingSpend.of(program, lifetimeSpend(), monthlySpend, firstPurchaseAt, at);
    }

    /** See {@link TierPolicy#redeemable}. */
    public long redeemablePoints(TierPolicy policy) {
        return policy.redeemable(tier, pointsBalance);
    }

    /** The same state under another stored revision (as a successful write leaves it). */
    public CustomerAccount withRevision(long newRevision) {
        return new CustomerAccount(customerId, orders, monthlySpend, orderSpend, openingBalances, firstPurchaseAt,
                pointsBalance, tier, lastSequence, heldReturns, redemptions, recentEventIds, evaluatedThrough, newRevision, updatedAt);
    }

    public boolean hasApplied(String eventId) {
        return recentEventIds.contains(eventId);
    }

    /**
     * Applies an event under the program and tiers in force.
     *
     * @throws RuleViolation     if the event breaks a rule (nothing changes)
     * @throws InsufficientPoints if a redemption asks for more than is redeemable
     */
    public Applied apply(AccountEvent event, LoyaltyProgram program, TierPolicy policy, Instant now) {
        if (hasApplied(event.eventId())) {
            return Applied.nothing(this);
        }
        try {
            return applyNew(event, program, policy, now);
        } catch (ArithmeticException overflow) {
            // every total moves by exact arithmetic: an event that would overflow one is refused, nothing changes
            throw new RuleViolation(event.getClass().getSimpleName() + " " + event.eventId()
                    + " would take a total of customer " + customerId + " beyond what an account can hold (" + overflow.getMessage() + ").");
        }
    }

    private Applied applyNew(AccountEvent event, LoyaltyProgram program, TierPolicy policy, Instant now) {
        Draft draft = new Draft(this, program, policy, now);
        // the wall clock's month is current, never an event's (contract "Now"): boundaries passed since the last
        // evaluation apply first, whatever the event (PeriodEnded is nothing but that)
        draft.rollOverToNow();
        draft.actor = event.actor(); // the boundaries were nobody's doing; what the event changes is its actor's
        if (event instanceof AccountEvent.OrderPlaced order) {
            draft.placeOrder(order);
        } else if (event instanceof AccountEvent.OrderReturned orderReturn) {
            draft.returnOrder(orderReturn);
        } else if (event instanceof AccountEvent.OpeningBalanceImported balance) {
            draft.importOpeningBalance(balance);
        } else if (event instanceof AccountEvent.PointsRedeemed redemption) {
            draft.redeem(redemption);
        } else if (event instanceof AccountEvent.HeldReturnsExpired expiry) {
            draft.expireHeldReturns(expiry);
        } else if (event instanceof AccountEvent.Recalculated recalculation) {
            draft.recalculate(recalculation);
        }
        return draft.finish(event.eventId(), now);
    }

    /**
     * The state after an event, the changes it caused, held returns that turned out invalid, and
     * whether the state moved at all (nothing to store when it did not).
     */
    public record Applied(CustomerAccount account, List<AccountChange> changes, List<Rejected> rejected, boolean stateChanged) {

        static Applied nothing(CustomerAccount account) {
            return new Applied(account, List.of(), List.of(), false);
        }
    }

    /** A held return refused once its order arrived (its reason says why). */
    public record Rejected(AccountEvent.OrderReturned event, String reason) {
    }

    /** The mutable working copy of one application; every rule lives in its methods. */
    private static final class Draft {
        private final CustomerAccount before;
        private final LoyaltyProgram program;
        private final TierPolicy policy;
        private final Instant now;
        private final Map<String, OrderRecord> orders;
        private final Map<YearMonth, Long> monthlySpend;
        private final Map<String, OpeningBalance> openingBalances;
        private final List<HeldReturn> heldReturns;
        private final Map<String, RedemptionRecord> redemptions;
        private final List<AccountChange> changes = new ArrayList<>();
        private final List<Rejected> rejected = new ArrayList<>();
        private long orderSpend;
        private Instant firstPurchaseAt;
        private long pointsBalance;
        private String tier;
        private long sequence;
        private YearMonth evaluatedThrough;
        /** The instant the criteria are evaluated at: a boundary while rolling over, then now. */
        private Instant evaluatedAt;
        private boolean changed;
        /** Recorded with every change the event makes. */
        private String actor;

        Draft(CustomerAccount account, LoyaltyProgram program, TierPolicy policy, Instant now) {
            this.before = account;
            this.program = program;
            this.policy = policy;
            this.now = now;
            this.orders = new LinkedHashMap<>(account.orders());
            this.monthlySpend = new TreeMap<>(account.monthlySpend());
            this.openingBalances = new TreeMap<>(account.openingBalances());
            this.heldReturns = new ArrayList<>(account.heldReturns());
            this.redemptions = new LinkedHashMap<>(account.redemptions());
            this.orderSpend = account.orderSpend();
            this.firstPurchaseAt = account.firstPurchaseAt();
            this.pointsBalance = account.pointsBalance();
            this.tier = account.tier();
            this.sequence = account.lastSequence();
            this.evaluatedThrough = account.evaluatedThrough();
            this.evaluatedAt = now;
        }

        /**
         * Month boundaries passed since the account was last evaluated, up to the service clock's month, re-evaluate
         * the tier at each boundary (reason PERIOD_ROLLOVER, occurredAt the boundary) before the event itself applies;
         * then the rest of the event is evaluated at now. The change's id follows from the customer and the month, so
         * whichever path gets there first (this event, or the month sweep on any instance) emits it, and only once.
         */
        void rollOverToNow() {
            YearMonth current = monthOf(now);
            if (evaluatedThrough != null && !current.isAfter(evaluatedThrough)) {
                return; // evaluated this month already (or by an instance whose clock runs ahead)
            }
            changed = true; // the month evaluated moves on, whether or not a tier does
            if (evaluatedThrough != null && program.tierCriterion() != TierCriterion.LIFETIME_SPEND) {
                YearMonth month = evaluatedThrough.plusMonths(1);
                if (month.isBefore(current.minusMonths(MAX_ROLLOVERS))) {
                    month = current.minusMonths(MAX_ROLLOVERS); // long idle: the last boundaries decide
                }
                for (; !month.isAfter(current); month = month.plusMonths(1)) {
                    Instant boundary = month.atDay(1).atStartOfDay(program.timeZone()).toInstant();
                    evaluatedAt = boundary;
                    reevaluateTier(ChangeReason.PERIOD_ROLLOVER, "rollover:" + before.customerId() + ":" + month, null, boundary);
                }
            }
            evaluatedThrough = current;
            evaluatedAt = now;
        }

        void placeOrder(AccountEvent.OrderPlaced order) {
            if (orders.containsKey(order.orderId())) {
                return; // the same order sent again under another event id
            }
            changed = true;
            Instant asOf = asOf();
            boolean counts = asOf == null || !order.occurredAt().isBefore(asOf);
            // earned at the tier held just before the order; a promotion it causes applies from the next order
            EarnRate rate = counts ? policy.earnRateOf(tier, program) : null;
            long points = rate == null ? 0 : rate.pointsFor(order.amount());
            YearMonth month = monthOf(order.occurredAt());
            orders.put(order.orderId(), new OrderRecord(order.orderId(), order.amount(), 0, order.occurredAt(), month,
                    rate, points, counts, List.of()));
            if (counts) {
                orderSpend = Math.addExact(orderSpend, order.amount());
                monthlySpend.merge(month, order.amount(), Math::addExact);
            }
            if (firstPurchaseAt == null || order.occurredAt().isBefore(firstPurchaseAt)) {
                firstPurchaseAt = order.occurredAt();
            }
            movePoints(points, ChangeReason.ORDER, order.eventId(), order.orderId(), order.occurredAt());
            reevaluateTier(ChangeReason.ORDER, order.eventId(), order.orderId(), order.occurredAt());
            applyHeldReturnsOf(order.orderId());
        }

        void returnOrder(AccountEvent.OrderReturned orderReturn) {
            OrderRecord order = orders.get(orderReturn.orderId());
            if (order == null) {
                if (heldReturns.stream().noneMatch(h -> h.event().returnId().equals(orderReturn.returnId()))) {
                    heldReturns.add(new HeldReturn(orderReturn, now)); // its order has not arrived yet
                    changed = true;
                }
                return;
            }
            if (order.returnIds().contains(orderReturn.returnId())) {
                return; // the same return sent again under another event id
            }
            if (orderReturn.amount() > order.remaining()) {
                throw new RuleViolation("Return " + orderReturn.returnId() + " of " + orderReturn.amount()
                        + " exceeds what remains of order " + order.orderId() + " (" + order.remaining() + ").");
            }
            changed = true;
            long returned = order.returned() + orderReturn.amount();
            // the order keeps exactly what its remaining amount earns at its own rate: no drift over many returns
            long points = order.rate() == null ? order.points() : order.rate().pointsFor(order.amount() - returned);
            List<String> returnIds = new ArrayList<>(order.returnIds());
            returnIds.add(orderReturn.returnId());
            OrderRecord after = new OrderRecord(order.orderId(), order.amount(), returned, order.occurredAt(), order.month(),
                    order.rate(), points, order.countsAsSpend(), returnIds);
            orders.put(order.orderId(), after);
            orderSpend = Math.addExact(orderSpend, after.spendContribution() - order.spendContribution());
            if (order.countsAsSpend()) {
                monthlySpend.merge(order.month(), -orderReturn.amount(), Math::addExact); // counts in the order's month
            }
            movePoints(points - order.points(), ChangeReason.RETURN, orderReturn.eventId(), order.orderId(), orderReturn.occurredAt());
            reevaluateTier(ChangeReason.RETURN, orderReturn.eventId(), order.orderId(), orderReturn.occurredAt());
        }

        void importOpeningBalance(AccountEvent.OpeningBalanceImported balance) {
            OpeningBalance next = new OpeningBalance(balance.source(), balance.lifetimeSpend(), balance.occurredAt(),
                    balance.firstPurchaseAt() == null ? balance.occurredAt() : balance.firstPurchaseAt());
            if (next.equals(openingBalances.get(balance.source()))) {
                return; // the same import again: set, not added
            }
            changed = true;
            openingBalances.put(balance.source(), next);
            Instant asOf = asOf();
            // orders dated before asOf are inside the imported total: take their spend back out (their points stay)
            for (OrderRecord order : List.copyOf(orders.values())) {
                if (order.countsAsSpend() && order.occurredAt().isBefore(asOf)) {
                    OrderRecord inside = new OrderRecord(order.orderId(), order.amount(), order.returned(), order.occurredAt(),
                            order.month(), order.rate(), order.points(), false, order.returnIds());
                    orders.put(order.orderId(), inside);
                    orderSpend = Math.addExact(orderSpend, inside.spendContribution() - order.spendContribution());
                    monthlySpend.merge(order.month(), -order.remaining(), Math::addExact);
                }
            }
            if (firstPurchaseAt == null || next.firstPurchaseAt().isBefore(firstPurchaseAt)) {
                firstPurchaseAt = next.firstPurchaseAt();
            }
            reevaluateTier(ChangeReason.OPENING_BALANCE, balance.eventId(), null, balance.occurredAt());
        }

        void redeem(AccountEvent.PointsRedeemed redemption) {
            RedemptionRecord earlier = redemptions.get(redemption.redemptionId());
            if (earlier != null) {
                if (earlier.points() != redemption.points()) {
                    throw new RuleViolation("Redemption " + redemption.redemptionId() + " was made before with " + earlier.points() + " points.");
                }
                return;
            }
            long redeemable = policy.redeemable(tier, pointsBalance);
            if (redemption.points() > redeemable) {
                throw new InsufficientPoints(redemption.points(), redeemable);
            }
            changed = true;
            movePoints(-redemption.points(), ChangeReason.REDEMPTION, redemption.eventId(), redemption.orderId(), redemption.occurredAt());
            redemptions.put(redemption.redemptionId(), new RedemptionRecord(redemption.redemptionId(), redemption.points(),
                    redemption.orderId(), pointsBalance, policy.redeemable(tier, pointsBalance)));
        }

        void expireHeldReturns(AccountEvent.HeldReturnsExpired expiry) {
            for (HeldReturn held : List.copyOf(heldReturns)) {
                if (held.heldAt().isBefore(expiry.heldBefore())) {
                    heldReturns.remove(held);
                    rejected.add(new Rejected(held.event(), "Order " + held.event().orderId()
                            + " of return " + held.event().returnId() + " did not arrive in time."));
                    changed = true;
                }
            }
        }

        /**
         * Contract "Recalculation": the tier from the current tiers and criterion; every order's points at
         * the (recomputed) tier's rate or the common rate, exactly as a live order earns them (floor per
         * order, on what remains after returns), nothing for orders inside an opening balance; plus the
         * opening balance's points at the same rate; that rate becomes each order's rate for later returns.
         * Balance = recomputed earned − everything redeemed. Each change is a RECALCULATION delta; an
         * unchanged customer gets none, so running it twice changes nothing the second time.
         */
        void recalculate(AccountEvent.Recalculated recalculation) {
            if (recalculation.tiers()) {
                reevaluateTier(ChangeReason.RECALCULATION, recalculation.eventId(), null, recalculation.occurredAt());
            }
            if (!recalculation.points()) {
                return;
            }
            EarnRate rate = recalculation.commonEarnRate() != null ? recalculation.commonEarnRate() : policy.earnRateOf(tier, program);
            long earned = 0;
            for (OrderRecord order : List.copyOf(orders.values())) {
                EarnRate orderRate = order.countsAsSpend() ? rate : null;
                long points = orderRate == null ? 0 : orderRate.pointsFor(order.remaining());
                if (!java.util.Objects.equals(orderRate, order.rate()) || points != order.points()) {
                    orders.put(order.orderId(), new OrderRecord(order.orderId(), order.amount(), order.returned(), order.occurredAt(),
                            order.month(), orderRate, points, order.countsAsSpend(), order.returnIds()));
                    changed = true;
                }
                earned = Math.addExact(earned, points);
            }
            earned = Math.addExact(earned, rate.pointsFor(openingSpend(openingBalances)));
            long redeemed = redemptions.values().stream().mapToLong(RedemptionRecord::points).reduce(0, Math::addExact);
            long balance = Math.subtractExact(earned, redeemed);
            movePoints(Math.subtractExact(balance, pointsBalance), ChangeReason.RECALCULATION, recalculation.eventId(), null,
                    recalculation.occurredAt());
            if (balance != before.pointsBalance()) {
                changed = true;
            }
        }

        private void applyHeldReturnsOf(String orderId) {
            for (HeldReturn held : List.copyOf(heldReturns)) {
                if (held.event().orderId().equals(orderId)) {
                    heldReturns.remove(held);
                    try {
                        returnOrder(held.event());
                    } catch (RuleViolation violation) {
                        rejected.add(new Rejected(held.event(), violation.getMessage()));
                    }
                }
            }
        }

        private void movePoints(long delta, ChangeReason reason, String sourceEventId, String orderId, Instant occurredAt) {
            if (delta == 0) {
                return; // an order earning 0 points writes no points entry
            }
            pointsBalance = Math.addExact(pointsBalance, delta);
            changes.add(new AccountChange.PointsChange(derivedId(sourceEventId, "points"), before.customerId(), ++sequence,
                    reason, occurredAt, sourceEventId, orderId, delta, pointsBalance, tier, actor, null));
        }

        private void reevaluateTier(ChangeReason reason, String sourceEventId, String orderId, Instant occurredAt) {
            long qualifying = qualifying();
            String earned = policy.tierFor(qualifying).map(Tier::code).orElse(null);
            if (java.util.Objects.equals(earned, tier)) {
                return;
            }
            changed = true;
            boolean promoted = policy.isPromotion(tier, earned);
            changes.add(new AccountChange.TierChange(derivedId(sourceEventId, "tier"), before.customerId(), ++sequence,
                    reason, occurredAt, sourceEventId, orderId, tier, earned, promoted, qualifying, pointsBalance, actor, null));
            tier = earned;
        }

        /** From the working fields directly: no copy of the account (its orders) on every event. */
        private long qualifying() {
            long lifetime = Math.addExact(orderSpend, openingSpend(openingBalances));
            return QualifyingSpend.of(program, lifetime, monthlySpend, firstPurchaseAt, evaluatedAt);
        }

        private Instant asOf() {
            return openingBalances.values().stream().map(OpeningBalance::asOf).max(Instant::compareTo).orElse(null);
        }

        private YearMonth monthOf(Instant instant) {
            return YearMonth.from(instant.atZone(program.timeZone()));
        }

        Applied finish(String eventId, Instant now) {
            if (!changed) {
                return Applied.nothing(before);
            }
            CustomerAccount next = build(before.revision(), now);
            return new Applied(next.remember(eventId), List.copyOf(changes), List.copyOf(rejected), true);
        }

        private CustomerAccount build(long revision, Instant updatedAt) {
            monthlySpend.values().removeIf(v -> v == 0);
            return new CustomerAccount(before.customerId(), orders, monthlySpend, orderSpend, openingBalances, firstPurchaseAt,
                    pointsBalance, tier, sequence, heldReturns, redemptions, before.recentEventIds(), evaluatedThrough, revision, updatedAt);
        }
    }

    private CustomerAccount remember(String eventId) {
        List<String> ids = new ArrayList<>(recentEventIds);
        ids.add(eventId);
        List<String> kept = ids.subList(Math.max(0, ids.size() - REMEMBERED_EVENTS), ids.size());
        return new CustomerAccount(customerId, orders, monthlySpend, orderSpend, openingBalances, firstPurchaseAt,
                pointsBalance, tier, lastSequence, heldReturns, redemptions, kept, evaluatedThrough, revision, updatedAt);
    }

    /** Same cause, same change id: re-emitting a change after a crash is recognisably the same event. */
    static String derivedId(String sourceEventId, String kind) {
        return UUID.nameUUIDFromBytes((sourceEventId + "/" + kind).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
