package dev.loyalty.engine.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One customer's loyalty state and the rules that move it. It is composed of named pieces: the spend (per order, per
 * month, opening balances), the {@link PointsLedger} of lots, the {@link TierStanding}, and what makes an event apply
 * once (the ids of recent events, the records of orders, redemptions and adjustments).
 * Immutable: applying an event returns the next state and the changes it caused. Before any event, whatever fell due
 * since the account was last evaluated (month boundaries, lots activating or expiring, a grace period or an override
 * ending) is applied at its own instant: "now" is the service clock, never an event's time.
 *
 * @param monthlySpend     net spend of counted orders by the order's month (program time zone)
 * @param orderSpend       what orders add to lifetime spend (see {@link OrderRecord#spendContribution()})
 * @param evaluatedThrough the month (program time zone) that was current when the account was last evaluated: every
 *                         month boundary up to its start has been applied (null: never evaluated)
 * @param revision         optimistic-concurrency revision of the stored state (0 = never stored)
 * @param orders           the recent orders (see {@link #movingOut}); older ones are in the {@link OrderArchive}
 * @param redemptions      the recent redemptions, likewise
 */
public record CustomerAccount(String customerId, Map<String, OrderRecord> orders, Map<YearMonth, Long> monthlySpend,
                              long orderSpend, Map<String, OpeningBalance> openingBalances, Instant firstPurchaseAt,
                              PointsLedger ledger, TierStanding tierStanding, long lastSequence, List<HeldReturn> heldReturns,
                              Map<String, RedemptionRecord> redemptions, Map<String, AdjustmentRecord> adjustments,
                              List<String> recentEventIds, YearMonth evaluatedThrough, long revision, Instant updatedAt,
                              OrderArchive archive) {

    /** How many applied event ids an account remembers: far more than one consumer batch can redeliver. */
    public static final int REMEMBERED_EVENTS = 256;

    /** At most this many month boundaries are evaluated at once: an account idle for longer gets the latest ones. */
    static final int MAX_ROLLOVERS = 24;

    /** The lot of the opening balances' points (awarded by a recalculation). */
    static final String OPENING_LOT = "opening-balance";

    public CustomerAccount {
        orders = Map.copyOf(orders);
        monthlySpend = Map.copyOf(monthlySpend);
        openingBalances = Map.copyOf(openingBalances);
        heldReturns = List.copyOf(heldReturns);
        redemptions = Map.copyOf(redemptions);
        adjustments = Map.copyOf(adjustments);
        recentEventIds = List.copyOf(recentEventIds);
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(tierStanding, "tierStanding");
        Objects.requireNonNull(archive, "archive");
    }

    /** Without an archive (an account that never moved anything out). */
    public CustomerAccount(String customerId, Map<String, OrderRecord> orders, Map<YearMonth, Long> monthlySpend,
                           long orderSpend, Map<String, OpeningBalance> openingBalances, Instant firstPurchaseAt,
                           PointsLedger ledger, TierStanding tierStanding, long lastSequence, List<HeldReturn> heldReturns,
                           Map<String, RedemptionRecord> redemptions, Map<String, AdjustmentRecord> adjustments,
                           List<String> recentEventIds, YearMonth evaluatedThrough, long revision, Instant updatedAt) {
        this(customerId, orders, monthlySpend, orderSpend, openingBalances, firstPurchaseAt, ledger, tierStanding, lastSequence,
                heldReturns, redemptions, adjustments, recentEventIds, evaluatedThrough, revision, updatedAt, OrderArchive.EMPTY);
    }

    public static CustomerAccount newCustomer(String customerId) {
        return new CustomerAccount(customerId, Map.of(), Map.of(), 0, Map.of(), null, PointsLedger.EMPTY, TierStanding.NONE, 0,
                List.of(), Map.of(), Map.of(), List.of(), null, 0, null, OrderArchive.EMPTY);
    }

    /** How many months of monthly spend an account keeps before the current one: the criteria look at two. */
    static final int MONTHS_KEPT = 24;

    /**
     * The orders and redemptions to move out of the account before it is applied to (into the archive, by the
     * caller, before the account is written without them): when either window holds more than {@code keep} and a
     * half, its oldest beyond {@code keep} (orders by their time, redemptions by when they were made). Moving out in
     * steps of half a window keeps it to one archive write every {@code keep / 2} orders. Empty when nothing is to move.
     */
    public MoveOut movingOut(int keep) {
        int limit = keep + keep / 2;
        if (orders.size() <= limit && redemptions.size() <= limit) {
            return new MoveOut(List.of(), List.of(), this);
        }
        List<OrderRecord> oldOrders = orders.size() <= limit ? List.of() : orders.values().stream()
                .sorted(Comparator.comparing(OrderRecord::occurredAt).thenComparing(OrderRecord::orderId))
                .limit(orders.size() - keep).toList();
        List<RedemptionRecord> oldRedemptions = redemptions.size() <= limit ? List.of()
                : redemptions.values().stream().sorted(Comparator.comparing(RedemptionRecord::at, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(RedemptionRecord::redemptionId)).limit(redemptions.size() - keep).toList();
        Map<String, OrderRecord> keptOrders = new LinkedHashMap<>(orders);
        oldOrders.forEach(o -> keptOrders.remove(o.orderId()));
        Map<String, RedemptionRecord> keptRedemptions = new LinkedHashMap<>(redemptions);
        oldRedemptions.forEach(r -> keptRedemptions.remove(r.redemptionId()));
        List<OrderArchive.ArchivedOrder> archived = oldOrders.stream().map(o -> new OrderArchive.ArchivedOrder(o, archive.generation())).toList();
        CustomerAccount after = new CustomerAccount(customerId, keptOrders, monthlySpend, orderSpend, openingBalances, firstPurchaseAt,
                ledger, tierStanding, lastSequence, heldReturns, keptRedemptions, adjustments, recentEventIds, evaluatedThrough, revision,
                updatedAt, archive.movedOut(oldOrders.size(), oldRedemptions.size()));
        return new MoveOut(archived, oldRedemptions, after);
    }

    /** What {@link #movingOut} moves, and the account without it. */
    public record MoveOut(List<OrderArchive.ArchivedOrder> orders, List<RedemptionRecord> redemptions, CustomerAccount account) {

        public boolean isEmpty() {
            return orders.isEmpty() && redemptions.isEmpty();
        }
    }

    /** The same account with what was read from its archive for the events at hand. */
    public CustomerAccount withFound(OrderArchive.Found found) {
        return new CustomerAccount(customerId, orders, monthlySpend, orderSpend, openingBalances, firstPurchaseAt, ledger, tierStanding,
                lastSequence, heldReturns, redemptions, adjustments, recentEventIds, evaluatedThrough, revision, updatedAt, archive.with(found));
    }

    /** Whether {@code event} needs every archived order and redemption (a recalculation with points, an opening balance). */
    public boolean needsWholeArchive(AccountEvent event) {
        return (archive.orders() > 0 || archive.redemptions() > 0) && (event instanceof AccountEvent.OpeningBalanceImported
                || event instanceof AccountEvent.Recalculated r && r.points());
    }

    /** The order {@code event} names, when it is neither recent nor known absent: the archive must be asked. */
    public Optional<String> archivedOrderAsked(AccountEvent event) {
        String orderId = event instanceof AccountEvent.OrderPlaced o ? o.orderId()
                : event instanceof AccountEvent.OrderReturned r ? r.orderId() : null;
        return orderId == null || archive.orders() == 0 || orders.containsKey(orderId) ? Optional.empty() : Optional.of(orderId);
    }

    /** Likewise for the redemption a {@code PointsRedeemed} names. */
    public Optional<String> archivedRedemptionAsked(AccountEvent event) {
        return event instanceof AccountEvent.PointsRedeemed r && archive.redemptions() > 0 && !redemptions.containsKey(r.redemptionId())
                ? Optional.of(r.redemptionId()) : Optional.empty();
    }

    /** The redemption as answered, recent or archived (the archive read for it), or null. */
    public RedemptionRecord redemption(String redemptionId) {
        RedemptionRecord recent = redemptions.get(redemptionId);
        return recent != null ? recent : archive.redemption(redemptionId);
    }

    /** The tier held. */
    public String tier() {
        return tierStanding.held();
    }

    public long pointsBalance() {
        return ledger.balance();
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
        return new AccountStanding(customerId, tierStanding, ledger, lifetimeSpend(), monthlySpend, firstPurchaseAt,
                evaluatedThrough, revision, updatedAt);
    }

    /** The value the program's criterion compares with each tier's {@code minSpend}, at {@code at} (the service clock). */
    public long qualifyingSpend(LoyaltyProgram program, Instant at) {
        return QualifyingSpend.of(program, lifetimeSpend(), monthlySpend, firstPurchaseAt, at);
    }

    /** Redeemable at {@code now}: {@code max(0, balance − pending − the held tier's minPointBalance)}. */
    public long redeemablePoints(TierPolicy policy, Instant now) {
        return policy.redeemable(tier(), pointsBalance() - ledger.pending(now));
    }

    /** When something next falls due for this account without any event (a lot, a grace period, an override); null if never. */
    public Instant nextDue() {
        Instant lots = ledger.nextDue();
        Instant tier = tierStanding.nextDue();
        return lots == null ? tier : tier == null || lots.isBefore(tier) ? lots : tier;
    }

    /** The same state under another stored revision (as a successful write leaves it). */
    public CustomerAccount withRevision(long newRevision) {
        return new CustomerAccount(customerId, orders, monthlySpend, orderSpend, openingBalances, firstPurchaseAt, ledger,
                tierStanding, lastSequence, heldReturns, redemptions, adjustments, recentEventIds, evaluatedThrough, newRevision, updatedAt,
                archive.stored());
    }

    public boolean hasApplied(String eventId) {
        return recentEventIds.contains(eventId);
    }

    /**
     * Applies an event under the program and tiers in force, at {@code now} (the service clock).
     *
     * @throws RuleViolation      if the event breaks a rule (nothing changes)
     * @throws InsufficientPoints if a redemption or a negative adjustment asks for more than is redeemable
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
        // the wall clock decides what is due (contract "Now"): boundaries and due instants since the last evaluation
        // apply first, whatever the event (TimePassed is nothing but that)
        draft.catchUpToNow();
        draft.actor = event.actor(); // what fell due was nobody's doing; what the event changes is its actor's
        if (event instanceof AccountEvent.OrderPlaced order) {
            draft.placeOrder(order);
        } else if (event instanceof AccountEvent.OrderReturned orderReturn) {
            draft.returnOrder(orderReturn);
        } else if (event instanceof AccountEvent.OpeningBalanceImported balance) {
            draft.importOpeningBalance(balance);
        } else if (event instanceof AccountEvent.PointsRedeemed redemption) {
            draft.redeem(redemption);
        } else if (event instanceof AccountEvent.PointsAdjusted adjustment) {
            draft.adjust(adjustment);
        } else if (event instanceof AccountEvent.TierOverridden overridden) {
            draft.override(overridden);
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
        private final Map<String, AdjustmentRecord> adjustments;
        private final List<AccountChange> changes = new ArrayList<>();
        private final List<Rejected> rejected = new ArrayList<>();
        private long orderSpend;
        private Instant firstPurchaseAt;
        private PointsLedger ledger;
        private OrderArchive archive;
        private TierStanding standing;
        private long sequence;
        private YearMonth evaluatedThrough;
        /** The instant the account is evaluated at: a due instant while catching up, then now. */
        private Instant evaluatedAt;
        private boolean changed;
        /** Recorded with every change the event makes. */
        private String actor;
        /** Recorded with every change the event makes, when an operator gave one. */
        private String note;

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
            this.adjustments = new LinkedHashMap<>(account.adjustments());
            this.orderSpend = account.orderSpend();
            this.firstPurchaseAt = account.firstPurchaseAt();
            this.ledger = account.ledger();
            this.archive = account.archive();
            this.standing = account.tierStanding();
            this.sequence = account.lastSequence();
            this.evaluatedThrough = account.evaluatedThrough();
            this.evaluatedAt = now;
        }

        /**
         * Everything that fell due since the account was last evaluated, in time order, each at its own instant: month
         * boundaries (the tier re-evaluated, PERIOD_ROLLOVER), lots activating (PENDING_ENDED) or expiring (EXPIRY), a
         * grace period ending (GRACE_ENDED), an override ending (MANUAL). Each change's id follows from the customer
         * and what fell due, so whichever path gets there first (an event, or a sweep on any instance) emits it, once.
         */
        void catchUpToNow() {
            YearMonth current = monthOf(now);
            boolean monthly = program.tierCriterion() != TierCriterion.LIFETIME_SPEND;
            YearMonth nextMonth = evaluatedThrough == null || !current.isAfter(evaluatedThrough) ? null
                    : evaluatedThrough.plusMonths(1).isBefore(current.minusMonths(MAX_ROLLOVERS))
                    ? current.minusMonths(MAX_ROLLOVERS) : evaluatedThrough.plusMonths(1); // long idle: the last boundaries decide
            while (true) {
                Instant boundary = nextMonth == null || !monthly ? null : nextMonth.atDay(1).atStartOfDay(program.timeZone()).toInstant();
                Instant lot = ledger.nextDue();
                Instant tier = standing.nextDue();
                Instant next = earliest(earliest(boundary, lot), tier);
                if (next == null || next.isAfter(now)) {
                    break;
                }
                changed = true;
                evaluatedAt = next;
                if (next.equals(boundary)) {
                    rollOver(nextMonth, boundary);
                    nextMonth = nextMonth.equals(current) ? null : nextMonth.plusMonths(1);
                } else if (next.equals(lot)) {
                    lotFallsDue(next);
                } else {
                    tierFallsDue(next);
                }
            }
            if (evaluatedThrough == null || current.isAfter(evaluatedThrough)) {
                changed = true; // the month evaluated moves on, whether or not a tier does
                evaluatedThrough = current;
            }
            evaluatedAt = now;
        }

        private void rollOver(YearMonth month, Instant boundary) {
            reevaluateTier(ChangeReason.PERIOD_ROLLOVER, "rollover:" + before.customerId() + ":" + month, null, boundary);
            evaluatedThrough = month;
        }

        /** Every lot due at {@code at}: activations first (a lot expiring at the same instant expires unactivated). */
        private void lotFallsDue(Instant at) {
            for (PointLot lot : ledger.lots()) {
                if (!at.equals(lot.nextDue())) {
                    continue;
                }
                String source = "lot:" + before.customerId() + ":" + lot.id() + ":" + at.toEpochMilli();
                if (!lot.activated() && at.equals(lot.pendingUntil())) {
                    ledger = ledger.with(lot.activatedNow());
                    movePoints(0, ChangeReason.PENDING_ENDED, source, orderIdOf(lot), at, true);
                } else {
                    ledger = ledger.with(lot.withRemaining(0));
                    movePoints(-lot.remaining(), ChangeReason.EXPIRY, source, orderIdOf(lot), at, false);
                }
            }
            ledger = ledger.withoutEmptyLots();
        }

        private void tierFallsDue(Instant at) {
            String source = "tier:" + before.customerId() + ":" + at.toEpochMilli();
            if (at.equals(standing.keptUntil())) {
                String from = standing.held();
                standing = standing.graceEnded(computedTier(), policy);
                tierMoved(from, ChangeReason.GRACE_ENDED, source, null, at, null, null);
            }
            TierOverride override = standing.override();
            if (override != null && at.equals(override.until())) {
                String from = standing.held();
                standing = standing.overridden(null, policy);
                tierMoved(from, ChangeReason.MANUAL, source + ":override-ended", null, at, override.actor(), override.note());
            }
        }

        void placeOrder(AccountEvent.OrderPlaced order) {
            if (knownOrder(order.orderId()) != null) {
                return; // the same order sent again under another event id
            }
            changed = true;
            Instant asOf = asOf();
            boolean counts = asOf == null || !order.occurredAt().isBefore(asOf);
            // earned at the tier held just before the order; a promotion it causes applies from the next order
            EarnRate rate = counts ? policy.earnRateOf(standing.held(), program) : null;
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
            if (points > 0) {
                // its lot: pending and expiring from the order's own time, by the rules in force now
                ledger = ledger.earn(PointLot.earned(order.orderId(), points, order.occurredAt(),
                        program.pendingUntil(order.occurredAt()), program.expiryOf(order.occurredAt()), now));
            }
            movePoints(points, ChangeReason.ORDER, order.eventId(), order.orderId(), order.occurredAt(), false);
            reevaluateTier(ChangeReason.ORDER, order.eventId(), order.orderId(), order.occurredAt());
            applyHeldReturnsOf(order.orderId());
            catchUpLotsToNow(); // a late order whose lot activated or expired already is followed by that at once
        }

        void returnOrder(AccountEvent.OrderReturned orderReturn) {
            OrderRecord order = knownOrder(orderReturn.orderId());
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
            long reversed = order.points() - points;
            if (reversed > 0) {
                ledger = ledger.takeBack(reversed, order.orderId(), now).withoutEmptyLots(); // its own lot first
            }
            movePoints(-reversed, ChangeReason.RETURN, orderReturn.eventId(), order.orderId(), orderReturn.occurredAt(), false);
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
            for (OrderRecord order : everyOrder()) {
                if (order.countsAsSpend() && order.occurredAt().isBefore(asOf)) {
                    OrderRecord inside = order.withCounts(false);
                    if (orders.containsKey(order.orderId())) {
                        orders.put(order.orderId(), inside);
                    } // an archived one reads so from the mark below
                    orderSpend = Math.addExact(orderSpend, inside.spendContribution() - order.spendContribution());
                    monthlySpend.merge(order.month(), -order.remaining(), Math::addExact);
                }
            }
            if (archive.orders() > 0) {
                archive = archive.imported(asOf);
            }
            if (firstPurchaseAt == null || next.firstPurchaseAt().isBefore(firstPurchaseAt)) {
                firstPurchaseAt = next.firstPurchaseAt();
            }
            reevaluateTier(ChangeReason.OPENING_BALANCE, balance.eventId(), null, balance.occurredAt());
        }

        void redeem(AccountEvent.PointsRedeemed redemption) {
            RedemptionRecord earlier = redemptions.containsKey(redemption.redemptionId()) ? redemptions.get(redemption.redemptionId())
                    : archive.redemption(redemption.redemptionId());
            if (earlier != null) {
                if (earlier.points() != redemption.points()) {
                    throw new RedemptionConflict(redemption.redemptionId(), earlier.points());
                }
                return;
            }
            long redeemable = redeemable();
            if (redemption.points() > redeemable) {
                throw new InsufficientPoints(redemption.points(), redeemable);
            }
            changed = true;
            ledger = ledger.spend(redemption.points(), now).withoutEmptyLots(); // soonest-expiring first
            movePoints(-redemption.points(), ChangeReason.REDEMPTION, redemption.eventId(), redemption.orderId(), redemption.occurredAt(), false);
            redemptions.put(redemption.redemptionId(), new RedemptionRecord(redemption.redemptionId(), redemption.points(),
                    redemption.orderId(), ledger.balance(), redeemable(), redemption.occurredAt() != null ? redemption.occurredAt() : now));
        }

        /**
         * Contract "Manual adjustment": a positive one is a lot dated now (never pending, expiring by the program's
         * rule); a negative one spends like a redemption and may not exceed what is redeemable.
         */
        void adjust(AccountEvent.PointsAdjusted adjustment) {
            AdjustmentRecord earlier = adjustments.get(adjustment.adjustmentId());
            if (earlier != null) {
                if (!earlier.sameContentAs(adjustment.points(), adjustment.note())) {
                    throw new AdjustmentConflict(adjustment.adjustmentId());
                }
                return;
            }
            if (adjustment.points() < 0 && -adjustment.points() > redeemable()) {
                throw new InsufficientPoints(-adjustment.points(), redeemable());
            }
            changed = true;
            note = adjustment.note();
            if (adjustment.points() > 0) {
                ledger = ledger.earn(PointLot.earned("adjustment:" + adjustment.adjustmentId(), adjustment.points(), now, null,
                        program.expiryOf(now), now));
            } else {
                ledger = ledger.spend(-adjustment.points(), now).withoutEmptyLots();
            }
            movePoints(adjustment.points(), ChangeReason.ADJUSTMENT, adjustment.eventId(), null, now, false);
            adjustments.put(adjustment.adjustmentId(), new AdjustmentRecord(adjustment.adjustmentId(), adjustment.points(),
                    adjustment.note(), adjustment.actor(), now, ledger.balance(), redeemable()));
            note = null;
        }

        /** Contract "Manual override": put (or replace) or end; only the tier moves it causes are journalled. */
        void override(AccountEvent.TierOverridden overridden) {
            TierOverride next = overridden.override();
            TierOverride current = standing.override();
            if (next == null ? current == null : next.sameAs(current)) {
                return; // nothing to put or end
            }
            changed = true;
            String from = standing.held();
            standing = standing.overridden(next, policy);
            TierOverride responsible = next != null ? next : current;
            tierMoved(from, ChangeReason.MANUAL, overridden.eventId(), null, now, overridden.actor(),
                    next != null ? next.note() : overridden.note() != null ? overridden.note() : responsible.note());
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
         * Contract "Recalculation", and the wave-2 clarification for points: the computed tier from the current tiers and
         * criterion, then retention and overrides on top; every order's points at the held tier's rate or the common
         * rate, exactly as a live order earns them (floor per order, on what remains after returns), nothing for
         * orders inside an opening balance, plus the opening balance's points at the same rate; that rate becomes each
         * order's rate for later returns. Every lot is derived again (amount, activation, expiry) under the rules in
         * force, redemptions and negative adjustments are spent again in their original order, and the net change is
         * one RECALCULATION entry. An unchanged customer gets none, so running it twice changes nothing the second time.
         */
        void recalculate(AccountEvent.Recalculated recalculation) {
            if (recalculation.tiers()) {
                reevaluateTier(ChangeReason.RECALCULATION, recalculation.eventId(), null, recalculation.occurredAt());
            }
            if (!recalculation.points()) {
                return;
            }
            EarnRate rate = recalculation.commonEarnRate() != null ? recalculation.commonEarnRate() : policy.earnRateOf(standing.held(), program);
            List<PointLot> lots = new ArrayList<>();
            boolean archivedMoved = false;
            for (OrderRecord order : everyOrder()) {
                EarnRate orderRate = order.countsAsSpend() ? rate : null;
                long points = orderRate == null ? 0 : orderRate.pointsFor(order.remaining());
                if (!Objects.equals(orderRate, order.rate()) || points != order.points()) {
                    if (orders.containsKey(order.orderId())) {
                        orders.put(order.orderId(), new OrderRecord(order.orderId(), order.amount(), order.returned(), order.occurredAt(),
                                order.month(), orderRate, points, order.countsAsSpend(), order.returnIds()));
                    } else {
                        archivedMoved = true; // archived ones read so from the mark below
                    }
                    changed = true;
                }
                if (points > 0) {
                    lots.add(PointLot.earned(order.orderId(), points, order.occurredAt(), program.pendingUntil(order.occurredAt()),
                            program.expiryOf(order.occurredAt()), now));
                }
            }
            if (archivedMoved) {
                archive = archive.recalculated(rate);
            }
            long openingPoints = rate.pointsFor(openingSpend(openingBalances));
            Optional<Instant> asOf = openingBalances.values().stream().map(OpeningBalance::asOf).max(Instant::compareTo);
            if (openingPoints > 0) {
                lots.add(PointLot.earned(OPENING_LOT, openingPoints, asOf.orElseThrow(), null, program.expiryOf(asOf.orElseThrow()), now));
            }
            adjustments.values().stream().filter(a -> a.points() > 0).forEach(a -> lots.add(PointLot.earned(
                    "adjustment:" + a.adjustmentId(), a.points(), a.at(), null, program.expiryOf(a.at()), now)));
            // Replayed in time order, as it happened: a lot forms when earned, is gone once its expiry has passed, and a
            // redemption or negative adjustment spends what was there at its own time (pending lots last, never a debt
            // while a lot holds points).
            record Step(Instant at, PointLot lot, long spent) {
            }
            List<Step> steps = new ArrayList<>();
            lots.forEach(lot -> steps.add(new Step(lot.earnedAt(), lot, 0)));
            everyRedemption().forEach(r -> steps.add(new Step(r.at() == null ? Instant.EPOCH : r.at(), null, r.points())));
            adjustments.values().stream().filter(a -> a.points() < 0).forEach(a -> steps.add(new Step(a.at(), null, -a.points())));
            PointsLedger derived = PointsLedger.EMPTY;
            List<PointLot> forming = new ArrayList<>(); // lots earned since the last spend: formed together (expiry cannot
            // touch them in between: while there is a debt every lot is empty, so what expires changes no earning)
            for (Step step : steps.stream().sorted(Comparator.comparing(Step::at).thenComparing(s -> s.lot() == null)
                    .thenComparing(s -> s.lot() == null ? "" : s.lot().id())).toList()) {
                if (step.lot() != null) {
                    forming.add(step.lot());
                    continue;
                }
                // what is empty or settled by then is dropped or held as one, so a long history replays in linear time
                derived = derived.earnAll(forming).expiredBy(step.at()).withoutEmptyLots().settledTogether(step.at());
                forming.clear();
                derived = derived.takeBack(step.spent(), null, step.at());
            }
            derived = derived.earnAll(forming);
            derived = derived.expiredBy(now); // what the rules say has expired by now is gone, with no entry of its own
            derived = derived.withoutEmptyLots().settledTogether(now);
            long delta = Math.subtractExact(derived.balance(), ledger.balance());
            if (!derived.equals(ledger)) {
                changed = true;
            }
            ledger = derived;
            movePoints(delta, ChangeReason.RECALCULATION, recalculation.eventId(), null, recalculation.occurredAt(), false);
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

        /** Lots of this event that are due already (an order arriving late): activated or expired at their instants. */
        private void catchUpLotsToNow() {
            for (Instant due = ledger.nextDue(); due != null && !due.isAfter(now); due = ledger.nextDue()) {
                lotFallsDue(due);
            }
        }

        /** @param always journal it even when nothing moves (an activation: delta 0) */
        private void movePoints(long delta, ChangeReason reason, String sourceEventId, String orderId, Instant occurredAt, boolean always) {
            if (delta == 0 && !always) {
                return; // an order earning 0 points writes no points entry
            }
            changes.add(new AccountChange.PointsChange(derivedId(sourceEventId, "points"), before.customerId(), ++sequence,
                    reason, occurredAt, sourceEventId, orderId, delta, ledger.balance(), standing.held(), actor, note));
        }

        private void reevaluateTier(ChangeReason reason, String sourceEventId, String orderId, Instant occurredAt) {
            String from = standing.held();
            standing = standing.evaluated(computedTier(), policy, program.tierRetention(), evaluatedAt, program.timeZone());
            tierMoved(from, reason, sourceEventId, orderId, occurredAt, actor, note);
        }

        private void tierMoved(String from, ChangeReason reason, String sourceEventId, String orderId, Instant occurredAt,
                               String movedBy, String why) {
            if (!Objects.equals(from, standing.held())) {
                changed = true;
                changes.add(new AccountChange.TierChange(derivedId(sourceEventId, "tier"), before.customerId(), ++sequence,
                        reason, occurredAt, sourceEventId, orderId, from, standing.held(), policy.isPromotion(from, standing.held()),
                        qualifying(), ledger.balance(), movedBy, why));
            } else if (!standing.equals(before.tierStanding())) {
                changed = true; // a grace period began or ended without a move: stored, not journalled
            }
        }

        private String computedTier() {
            return policy.tierFor(qualifying()).map(Tier::code).orElse(null);
        }

        /** From the working fields directly: no copy of the account (its orders) on every event. */
        private long qualifying() {
            long lifetime = Math.addExact(orderSpend, openingSpend(openingBalances));
            return QualifyingSpend.of(program, lifetime, monthlySpend, firstPurchaseAt, evaluatedAt);
        }

        private long redeemable() {
            return policy.redeemable(standing.held(), ledger.balance() - ledger.pending(now));
        }

        /** An order's lot bears its order's id; the others are named apart (the order may be archived). */
        private String orderIdOf(PointLot lot) {
            String id = lot.id();
            return id.equals(OPENING_LOT) || id.equals(PointsLedger.SETTLED) || id.startsWith("adjustment:") ? null : id;
        }

        /** The order, recent or archived, as it stands now; null if the customer has none of that id. */
        private OrderRecord knownOrder(String orderId) {
            OrderRecord recent = orders.get(orderId);
            return recent != null ? recent : archive.order(orderId);
        }

        /** Every order, recent and archived (the archive read whole). */
        private List<OrderRecord> everyOrder() {
            List<OrderRecord> all = new ArrayList<>(orders.values());
            if (archive.orders() > 0) {
                archive.allOrders().stream().filter(o -> !orders.containsKey(o.orderId())).forEach(all::add);
            }
            return all;
        }

        private List<RedemptionRecord> everyRedemption() {
            List<RedemptionRecord> all = new ArrayList<>(redemptions.values());
            if (archive.redemptions() > 0) {
                archive.allRedemptions().stream().filter(r -> !redemptions.containsKey(r.redemptionId())).forEach(all::add);
            }
            return all;
        }

        private Instant asOf() {
            return openingBalances.values().stream().map(OpeningBalance::asOf).max(Instant::compareTo).orElse(null);
        }

        private YearMonth monthOf(Instant instant) {
            return YearMonth.from(instant.atZone(program.timeZone()));
        }

        private static Instant earliest(Instant a, Instant b) {
            return a == null ? b : b == null || a.isBefore(b) ? a : b;
        }

        Applied finish(String eventId, Instant now) {
            if (!changed) {
                return Applied.nothing(before);
            }
            monthlySpend.values().removeIf(v -> v == 0);
            // the criteria read this month and the last: older months add nothing but size (lifetime spend has them)
            monthlySpend.keySet().removeIf(month -> evaluatedThrough != null && month.isBefore(evaluatedThrough.minusMonths(MONTHS_KEPT)));
            ledger = ledger.settledTogether(now);
            CustomerAccount next = new CustomerAccount(before.customerId(), orders, monthlySpend, orderSpend, openingBalances,
                    firstPurchaseAt, ledger, standing, sequence, heldReturns, redemptions, adjustments, before.recentEventIds(),
                    evaluatedThrough, before.revision(), now, archive);
            return new Applied(next.remember(eventId), List.copyOf(changes), List.copyOf(rejected), true);
        }
    }

    private CustomerAccount remember(String eventId) {
        List<String> ids = new ArrayList<>(recentEventIds);
        ids.add(eventId);
        List<String> kept = ids.subList(Math.max(0, ids.size() - REMEMBERED_EVENTS), ids.size());
        return new CustomerAccount(customerId, orders, monthlySpend, orderSpend, openingBalances, firstPurchaseAt, ledger,
                tierStanding, lastSequence, heldReturns, redemptions, adjustments, kept, evaluatedThrough, revision, updatedAt, archive);
    }

    /** Same cause, same change id: re-emitting a change after a crash is recognisably the same event. */
    static String derivedId(String sourceEventId, String kind) {
        return UUID.nameUUIDFromBytes((sourceEventId + "/" + kind).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The same redemption id with other points. */
    public static final class RedemptionConflict extends RuleViolation {
        public RedemptionConflict(String redemptionId, long earlierPoints) {
            super("Redemption " + redemptionId + " was made before with " + earlierPoints + " points.");
        }
    }

    /** The same adjustment id with other content (points or note). */
    public static final class AdjustmentConflict extends RuntimeException {
        public AdjustmentConflict(String adjustmentId) {
            super("Adjustment " + adjustmentId + " was made before with other points or another note.");
        }
    }
}
