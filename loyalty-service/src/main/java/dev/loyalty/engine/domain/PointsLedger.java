package dev.loyalty.engine.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A customer's points as lots (contract "Point lifecycle"): each order's points, a positive adjustment, the
 * opening balance's points form a lot that may be pending (not yet redeemable) and may expire. The balance is what
 * the lots hold, or, below zero, a debt (points spent, then goods returned) that new points repay first.
 * Invariant: while there is a debt, every lot is empty.
 * Immutable: every operation returns the next ledger.
 *
 * @param debt how far below zero the balance is (0 or more)
 */
public record PointsLedger(List<PointLot> lots, long debt) {

    public static final PointsLedger EMPTY = new PointsLedger(List.of(), 0);

    /**
     * The lot holding, together, every point that can neither activate nor expire any more (lots activated, with no
     * expiry): nothing can tell such lots apart but their order's return, which takes from them first when its own
     * lot is no longer there. Without it a program whose points never expire would keep one lot per order forever.
     */
    public static final String SETTLED = "settled";

    /** Redemptions and negative adjustments spend the soonest-expiring points first (never-expiring last). */
    private static final Comparator<PointLot> SOONEST_EXPIRING = Comparator
            .comparing(PointLot::expiresAt, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(PointLot::earnedAt).thenComparing(PointLot::id);

    public PointsLedger {
        lots = List.copyOf(lots);
        if (debt < 0) {
            throw new IllegalArgumentException("debt must not be negative");
        }
    }

    /** A ledger holding {@code balance} without lots' history (documents written before lots): one plain lot, or a debt. */
    public static PointsLedger ofBalance(long balance, Instant at) {
        return balance >= 0
                ? new PointsLedger(balance == 0 ? List.of() : List.of(PointLot.plain("balance", balance, at)), 0)
                : new PointsLedger(List.of(), -balance);
    }

    public long balance() {
        long held = lots.stream().mapToLong(PointLot::remaining).reduce(0, Math::addExact);
        return Math.subtractExact(held, debt);
    }

    /** Points counted in the balance but not redeemable yet at {@code now}. */
    public long pending(Instant now) {
        return lots.stream().filter(l -> l.pendingAt(now)).mapToLong(PointLot::remaining).reduce(0, Math::addExact);
    }

    /** The next lots to expire: {@code (points, at)} summed over every lot with the earliest expiry, or null. */
    public Expiring expiring(Instant now) {
        Instant first = lots.stream().filter(l -> l.remaining() > 0 && l.expiresAt() != null && l.expiresAt().isAfter(now))
                .map(PointLot::expiresAt).min(Comparator.naturalOrder()).orElse(null);
        if (first == null) {
            return null;
        }
        long points = lots.stream().filter(l -> l.remaining() > 0 && first.equals(l.expiresAt())).mapToLong(PointLot::remaining).sum();
        return new Expiring(points, first);
    }

    public record Expiring(long points, Instant at) {
    }

    public PointLot lot(String id) {
        return lots.stream().filter(l -> l.id().equals(id)).findFirst().orElse(null);
    }

    /**
     * New points: they repay a debt first, the rest forms the lot {@code lot} (with {@code lot.remaining()} replaced by
     * what is left). A lot earned with nothing left after the debt is still kept, empty, so its return finds it.
     */
    public PointsLedger earn(PointLot lot) {
        long repaid = Math.min(debt, lot.remaining());
        List<PointLot> next = new ArrayList<>(lots);
        next.add(lot.withRemaining(lot.remaining() - repaid));
        return new PointsLedger(next, debt - repaid);
    }

    /** {@link #earn} of each lot in turn, in one pass (a recalculation forms a long history's lots at once). */
    public PointsLedger earnAll(List<PointLot> formed) {
        List<PointLot> next = new ArrayList<>(lots.size() + formed.size());
        next.addAll(lots);
        long owed = debt;
        for (PointLot lot : formed) {
            long repaid = Math.min(owed, lot.remaining());
            next.add(lot.withRemaining(lot.remaining() - repaid));
            owed -= repaid;
        }
        return new PointsLedger(next, owed);
    }

    /**
     * Points spent by a redemption or a negative adjustment at {@code now}: from the redeemable lots, soonest-expiring
     * first; whatever no lot covers becomes a debt (the caller has checked what is redeemable).
     */
    public PointsLedger spend(long points, Instant now) {
        return take(points, null, now, false);
    }

    /**
     * Points a return takes back: from its own order's lot first (pending or not), then from the other lots as a
     * redemption would (redeemable first, soonest-expiring first, then pending ones); only beyond every lot does
     * the balance go below zero.
     */
    public PointsLedger takeBack(long points, String ownLot, Instant now) {
        return take(points, ownLot, now, true);
    }

    private PointsLedger take(long points, String ownLotId, Instant now, boolean pendingToo) {
        String ownLot = ownLotId != null && lots.stream().noneMatch(l -> l.id().equals(ownLotId)) ? SETTLED : ownLotId;
        List<PointLot> next = new ArrayList<>(lots);
        long left = points;
        List<PointLot> order = new ArrayList<>();
        lots.stream().filter(l -> l.id().equals(ownLot)).forEach(order::add);
        lots.stream().filter(l -> !l.id().equals(ownLot) && !l.pendingAt(now)).sorted(SOONEST_EXPIRING).forEach(order::add);
        if (pendingToo) {
            lots.stream().filter(l -> !l.id().equals(ownLot) && l.pendingAt(now)).sorted(SOONEST_EXPIRING).forEach(order::add);
        }
        for (PointLot lot : order) {
            if (left == 0) {
                break;
            }
            long taken = Math.min(left, lot.remaining());
            if (taken > 0) {
                next.set(next.indexOf(lot), lot.withRemaining(lot.remaining() - taken));
                left -= taken;
            }
        }
        return new PointsLedger(next, Math.addExact(debt, left));
    }

    /** The earliest instant at which a lot activates or expires (and something must be journalled), or null. */
    public Instant nextDue() {
        return lots.stream().map(PointLot::nextDue).filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
    }

    /** Without what had expired by {@code at}: each lot whose expiry is not after it, emptied (for a replay). */
    public PointsLedger expiredBy(Instant at) {
        return new PointsLedger(lots.stream().map(l -> l.expiresAt() != null && !l.expiresAt().isAfter(at) ? l.withRemaining(0) : l)
                .toList(), debt);
    }

    /** The ledger with {@code lot} in place of the lot of the same id. */
    public PointsLedger with(PointLot lot) {
        List<PointLot> next = new ArrayList<>(lots);
        for (int i = 0; i < next.size(); i++) {
            if (next.get(i).id().equals(lot.id())) {
                next.set(i, lot);
            }
        }
        return new PointsLedger(next, debt);
    }

    /**
     * The lots that can no longer activate or expire at {@code at}, as one ({@link #SETTLED}); the others as they are.
     */
    public PointsLedger settledTogether(Instant at) {
        List<PointLot> settled = lots.stream().filter(l -> isSettled(l, at)).toList();
        if (settled.isEmpty() || settled.size() == 1 && settled.get(0).id().equals(SETTLED)) {
            return this;
        }
        PointLot together = new PointLot(SETTLED, settled.stream().mapToLong(PointLot::remaining).reduce(0, Math::addExact),
                Instant.EPOCH, null, null, true); // when they were earned no longer tells anything: it never expires
        List<PointLot> next = new ArrayList<>();
        for (PointLot lot : lots) {
            if (lot == settled.get(0)) {
                next.add(together);
            } else if (!isSettled(lot, at)) {
                next.add(lot);
            }
        }
        return new PointsLedger(next, debt);
    }

    private static boolean isSettled(PointLot lot, Instant at) {
        return lot.remaining() > 0 && lot.activated() && lot.expiresAt() == null && (lot.pendingUntil() == null || !lot.pendingUntil().isAfter(at));
    }

    /**
     * Without the empty lots: they have nothing left to take, activate or expire, and a return of their order takes
     * from the other lots exactly as it would after taking nothing from its own.
     */
    public PointsLedger withoutEmptyLots() {
        return new PointsLedger(lots.stream().filter(l -> l.remaining() > 0).toList(), debt);
    }
}
