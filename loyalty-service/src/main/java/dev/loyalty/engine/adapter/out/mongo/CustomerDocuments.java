package dev.loyalty.engine.adapter.out.mongo;

import dev.loyalty.engine.application.CustomerAccounts.StoredAccount;
import dev.loyalty.engine.application.JobPosition;
import dev.loyalty.engine.application.LogPosition;
import dev.loyalty.engine.application.Redelivery;
import dev.loyalty.engine.domain.AccountChange;
import dev.loyalty.engine.domain.AccountStanding;
import dev.loyalty.engine.domain.AdjustmentRecord;
import dev.loyalty.engine.domain.PointLot;
import dev.loyalty.engine.domain.PointsLedger;
import dev.loyalty.engine.domain.TierOverride;
import dev.loyalty.engine.domain.TierStanding;
import dev.loyalty.engine.domain.AccountEvent;
import dev.loyalty.engine.domain.ChangeReason;
import dev.loyalty.engine.domain.CustomerAccount;
import dev.loyalty.engine.domain.EarnRate;
import dev.loyalty.engine.domain.HeldReturn;
import dev.loyalty.engine.domain.OpeningBalance;
import dev.loyalty.engine.domain.OrderArchive;
import dev.loyalty.engine.domain.OrderRecord;
import dev.loyalty.engine.domain.RedemptionRecord;
import org.bson.Document;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mapping between accounts and their documents. Client ids (orders, sources, redemptions) may contain
 * dots, so they are values in arrays, never field names.
 */
final class CustomerDocuments {

    private CustomerDocuments() {
    }

    static Document toDocument(CustomerAccount a, List<AccountChange> outbox) {
        return toDocument(new StoredAccount(a, outbox));
    }

    static Document toDocument(StoredAccount stored) {
        CustomerAccount a = stored.account();
        List<AccountChange> outbox = stored.outbox();
        Redelivery redelivery = outbox.isEmpty() ? null : stored.redelivery();
        Document monthly = new Document();
        new TreeMap<>(a.monthlySpend()).forEach((month, spend) -> monthly.append(month.toString(), spend));
        Instant nextDue = a.nextDue();
        return new Document("_id", a.customerId())
                .append("revision", a.revision() + 1)
                .append("tier", a.tier())
                .append("pointsBalance", a.pointsBalance())
                .append("lots", a.ledger().lots().stream().map(CustomerDocuments::lot).toList())
                .append("pointsDebt", a.ledger().debt())
                .append("baseTier", a.tierStanding().base())
                .append("keptUntil", date(a.tierStanding().keptUntil()))
                .append("override", override(a.tierStanding().override()))
                // when something falls due without any event (a lot, a grace period, an override): the due sweep's
                // indexed range on MongoDB
                .append("nextDue", date(nextDue))
                .append("lifetimeSpend", a.lifetimeSpend())
                .append("orderSpend", a.orderSpend())
                .append("monthlySpend", monthly)
                .append("firstPurchaseAt", date(a.firstPurchaseAt()))
                // "YYYY-MM": compares as months do, so the month sweep's filter is a plain range (indexed on MongoDB)
                .append("evaluatedThrough", a.evaluatedThrough() == null ? null : a.evaluatedThrough().toString())
                .append("lastSequence", a.lastSequence())
                .append("orders", a.orders().values().stream().map(CustomerDocuments::order).toList())
                .append("openingBalances", a.openingBalances().values().stream().map(b -> new Document("source", b.source())
                        .append("spend", b.spend()).append("asOf", date(b.asOf())).append("firstPurchaseAt", date(b.firstPurchaseAt()))).toList())
                .append("heldReturns", a.heldReturns().stream().map(h -> returned(h.event()).append("heldAt", date(h.heldAt()))).toList())
                .append("redemptions", a.redemptions().values().stream().map(r -> new Document("id", r.redemptionId())
                        .append("points", r.points()).append("orderId", r.orderId()).append("balanceAfter", r.balanceAfter())
                        .append("redeemableAfter", r.redeemableAfter()).append("at", date(r.at()))).toList())
                .append("adjustments", a.adjustments().values().stream().map(j -> new Document("id", j.adjustmentId())
                        .append("points", j.points()).append("note", j.note()).append("actor", j.actor()).append("at", date(j.at()))
                        .append("balanceAfter", j.balanceAfter()).append("redeemableAfter", j.redeemableAfter())).toList())
                .append("recentEventIds", a.recentEventIds())
                .append("archive", archive(a.archive()))
                .append("updatedAt", date(a.updatedAt()))
                .append("outbox", outbox.stream().map(CustomerDocuments::change).toList())
                // [partition, offset]: the record whose redelivery publishes this outbox (then not the relay's work)
                .append("outboxRedelivery", redelivery instanceof LogPosition p ? List.of(p.partition(), p.offset()) : null)
                // or the recalculation whose redo of this customer's chunk does, until its cursor passes the customer
                .append("outboxJob", redelivery instanceof JobPosition j ? j.jobId() : null)
                // plain flags so the relay's queries are exact-key filters (index-served on MongoDB)
                .append("outboxPending", !outbox.isEmpty() && redelivery == null)
                .append("holdsReturns", !a.heldReturns().isEmpty());
    }

    /** The fields of {@link AccountStanding}: a lookup reads these and leaves the history (orders…) in the store. */
    static final Document STANDING = new Document("tier", 1).append("pointsBalance", 1).append("lifetimeSpend", 1)
            .append("lots", 1).append("pointsDebt", 1).append("baseTier", 1).append("keptUntil", 1).append("override", 1)
            .append("monthlySpend", 1).append("firstPurchaseAt", 1).append("evaluatedThrough", 1).append("clock", 1).append("revision", 1).append("updatedAt", 1);

    static AccountStanding toStanding(Document d) {
        return new AccountStanding(d.getString("_id"), standingOf(d), ledgerOf(d), d.getLong("lifetimeSpend"),
                monthlySpend(d), instant(d.getDate("firstPurchaseAt")), evaluatedThrough(d), d.getLong("revision"),
                instant(d.getDate("updatedAt")));
    }

    static StoredAccount toStored(Document d) {
        String customerId = d.getString("_id");
        Map<String, OrderRecord> orders = new LinkedHashMap<>();
        d.getList("orders", Object.class, List.of()).forEach(o -> {
            OrderRecord order = o instanceof List<?> compact ? order(compact) : order((Document) o);
            orders.put(order.orderId(), order);
        });
        Map<YearMonth, Long> monthly = monthlySpend(d);
        Map<String, OpeningBalance> balances = new TreeMap<>();
        d.getList("openingBalances", Document.class, List.of()).forEach(b -> balances.put(b.getString("source"),
                new OpeningBalance(b.getString("source"), b.getLong("spend"), instant(b.getDate("asOf")), instant(b.getDate("firstPurchaseAt")))));
        Map<String, RedemptionRecord> redemptions = new LinkedHashMap<>();
        d.getList("redemptions", Document.class, List.of()).forEach(r -> redemptions.put(r.getString("id"),
                new RedemptionRecord(r.getString("id"), r.getLong("points"), r.getString("orderId"), r.getLong("balanceAfter"),
                        r.getLong("redeemableAfter"), instant(r.getDate("at")))));
        Map<String, AdjustmentRecord> adjustments = new LinkedHashMap<>();
        d.getList("adjustments", Document.class, List.of()).forEach(j -> adjustments.put(j.getString("id"),
                new AdjustmentRecord(j.getString("id"), j.getLong("points"), j.getString("note"), j.getString("actor"),
                        instant(j.getDate("at")), j.getLong("balanceAfter"), j.getLong("redeemableAfter"))));
        List<HeldReturn> held = d.getList("heldReturns", Document.class, List.of()).stream()
                .map(h -> new HeldReturn(returned(customerId, h), h.getDate("heldAt") != null ? instant(h.getDate("heldAt"))
                        : heldNoLaterThan(d))).toList();
        CustomerAccount account = new CustomerAccount(customerId, orders, monthly, d.getLong("orderSpend"), balances,
                instant(d.getDate("firstPurchaseAt")), ledgerOf(d), standingOf(d), d.getLong("lastSequence"),
                held, redemptions, adjustments, d.getList("recentEventIds", String.class, List.of()), evaluatedThrough(d),
                d.getLong("revision"), instant(d.getDate("updatedAt")), archive(d.get("archive", Document.class)));
        List<AccountChange> outbox = d.getList("outbox", Object.class, List.of()).stream()
                .map(entry -> entry instanceof List<?> compact ? change(customerId, compact) : change(customerId, (Document) entry)).toList();
        List<?> position = d.getList("outboxRedelivery", Object.class);
        String job = d.getString("outboxJob");
        Redelivery redelivery = position != null
                ? new LogPosition(((Number) position.get(0)).intValue(), ((Number) position.get(1)).longValue())
                : job != null ? new JobPosition(job, customerId) : null;
        return new StoredAccount(account, outbox, redelivery);
    }

    /** A redemption as a positional array {@code [id, points, orderId, balanceAfter, redeemableAfter, at]} (in the archive). */
    static List<Object> redemption(RedemptionRecord r) {
        return java.util.Arrays.asList(r.redemptionId(), r.points(), r.orderId(), r.balanceAfter(), r.redeemableAfter(), date(r.at()));
    }

    static RedemptionRecord redemption(List<?> r) {
        return new RedemptionRecord((String) r.get(0), (Long) r.get(1), (String) r.get(2), (Long) r.get(3), (Long) r.get(4),
                instant((Date) r.get(5)));
    }

    /** What the account knows of its archive; null (nothing ever moved out) for most accounts, and documents before it. */
    private static Document archive(OrderArchive a) {
        if (a.orders() == 0 && a.redemptions() == 0) {
            return null;
        }
        return new Document("orders", a.orders()).append("redemptions", a.redemptions()).append("generation", a.generation())
                .append("imports", a.imports().stream().map(i -> List.of(i.generation(), date(i.asOf()))).toList())
                .append("rates", a.rates() == null ? null
                        : List.of(a.rates().generation(), a.rates().rate().spend(), a.rates().rate().points()));
    }

    private static OrderArchive archive(Document d) {
        if (d == null) {
            return OrderArchive.EMPTY;
        }
        List<OrderArchive.SpendImported> imports = d.getList("imports", List.class, List.of()).stream()
                .map(i -> new OrderArchive.SpendImported(((Number) i.get(0)).longValue(), instant((Date) i.get(1)))).toList();
        List<?> rates = d.getList("rates", Object.class);
        return new OrderArchive(d.getLong("orders"), d.getLong("redemptions"), d.getLong("generation"), imports,
                rates == null ? null : new OrderArchive.RatesRecalculated(((Number) rates.get(0)).longValue(),
                        new EarnRate(((Number) rates.get(1)).longValue(), ((Number) rates.get(2)).longValue())),
                OrderArchive.Found.NOTHING);
    }

    /** A lot as a positional array {@code [id, remaining, earnedAt, pendingUntil, expiresAt, activated]}. */
    private static List<Object> lot(PointLot l) {
        return java.util.Arrays.asList(l.id(), l.remaining(), date(l.earnedAt()), date(l.pendingUntil()), date(l.expiresAt()), l.activated());
    }

    /**
     * The points as lots; a document written before lots existed holds only its balance, read as one lot redeemable
     * at once and forever (or a debt, when below zero): what those points were.
     */
    private static PointsLedger ledgerOf(Document d) {
        List<?> lots = d.getList("lots", Object.class);
        if (lots == null) {
            return PointsLedger.ofBalance(d.getLong("pointsBalance"), instant(d.getDate("updatedAt")) == null
                    ? Instant.EPOCH : instant(d.getDate("updatedAt")));
        }
        return new PointsLedger(lots.stream().map(o -> (List<?>) o).map(l -> new PointLot((String) l.get(0), (Long) l.get(1),
                instant((Date) l.get(2)), instant((Date) l.get(3)), instant((Date) l.get(4)), (Boolean) l.get(5))).toList(),
                d.getLong("pointsDebt") == null ? 0 : d.getLong("pointsDebt"));
    }

    /** The tier standing; a document written before the lifecycle holds only the tier. */
    private static TierStanding standingOf(Document d) {
        if (!d.containsKey("baseTier")) {
            return TierStanding.of(d.getString("tier"));
        }
        Document o = d.get("override", Document.class);
        TierOverride override = o == null ? null : new TierOverride(o.getString("tier"), TierOverride.Mode.valueOf(o.getString("mode")),
                instant(o.getDate("until")), o.getString("note"), o.getString("actor"));
        return new TierStanding(d.getString("baseTier"), d.getString("tier"), instant(d.getDate("keptUntil")), override);
    }

    private static Document override(TierOverride o) {
        return o == null ? null : new Document("tier", o.tier()).append("mode", o.mode().name()).append("until", date(o.until()))
                .append("note", o.note()).append("actor", o.actor());
    }

    /**
     * Documents written before "now" became the wall clock's kept the latest event time ({@code clock}) instead: its
     * month (UTC) is the best knowledge of what was evaluated.
     */
    private static YearMonth evaluatedThrough(Document d) {
        String month = d.getString("evaluatedThrough");
        if (month != null) {
            return YearMonth.parse(month);
        }
        Date clock = d.getDate("clock");
        return clock == null ? null : YearMonth.from(clock.toInstant().atZone(java.time.ZoneOffset.UTC));
    }

    private static Map<YearMonth, Long> monthlySpend(Document d) {
        Map<YearMonth, Long> monthly = new TreeMap<>();
        d.get("monthlySpend", new Document()).forEach((month, spend) -> monthly.put(YearMonth.parse(month), ((Number) spend).longValue()));
        return monthly;
    }

    /**
     * An order as a positional array {@code [id, amount, returned, at, month, rateSpend, ratePoints, points, counts,
     * returnIds]}: a customer document carries every order and is read and rewritten on every event, so the
     * field names repeated per order cost on every operation (encoding, and cloning on the stand-in).
     * Documents written before (one subdocument per order) are still read.
     */
    static List<Object> order(OrderRecord o) {
        return java.util.Arrays.asList(o.orderId(), o.amount(), o.returned(), date(o.occurredAt()), o.month().toString(),
                o.rate() == null ? null : o.rate().spend(), o.rate() == null ? null : o.rate().points(), o.points(),
                o.countsAsSpend(), o.returnIds());
    }

    static OrderRecord order(List<?> o) {
        Long rateSpend = (Long) o.get(5);
        EarnRate rate = rateSpend == null ? null : new EarnRate(rateSpend, (Long) o.get(6));
        @SuppressWarnings("unchecked")
        List<String> returnIds = (List<String>) o.get(9);
        return new OrderRecord((String) o.get(0), (Long) o.get(1), (Long) o.get(2), instant((Date) o.get(3)),
                YearMonth.parse((String) o.get(4)), rate, (Long) o.get(7), (Boolean) o.get(8), returnIds);
    }

    private static OrderRecord order(Document o) {
        Long rateSpend = o.getLong("rateSpend");
        EarnRate rate = rateSpend == null ? null : new EarnRate(rateSpend, o.getLong("ratePoints"));
        return new OrderRecord(o.getString("id"), o.getLong("amount"), o.getLong("returned"), instant(o.getDate("at")),
                YearMonth.parse(o.getString("month")), rate, o.getLong("points"), o.getBoolean("counts"),
                o.getList("returnIds", String.class, List.of()));
    }

    private static Document returned(AccountEvent.OrderReturned r) {
        return new Document("eventId", r.eventId()).append("returnId", r.returnId()).append("orderId", r.orderId())
                .append("amount", r.amount()).append("at", date(r.occurredAt()));
    }

    /** Documents written before held returns carried their hold time: the last write is when it was held at the latest. */
    private static Instant heldNoLaterThan(Document d) {
        return d.getDate("updatedAt") != null ? instant(d.getDate("updatedAt")) : Instant.now();
    }

    private static AccountEvent.OrderReturned returned(String customerId, Document h) {
        return new AccountEvent.OrderReturned(h.getString("eventId"), customerId, h.getString("returnId"),
                h.getString("orderId"), h.getLong("amount"), instant(h.getDate("at")));
    }

    /** A pending change as a positional array (see {@link #order(OrderRecord)} for why); older documents hold subdocuments. */
    private static List<Object> change(AccountChange change) {
        if (change instanceof AccountChange.PointsChange p) {
            return java.util.Arrays.asList("POINTS", p.eventId(), p.sequence(), p.reason().name(), date(p.occurredAt()),
                    p.sourceEventId(), p.orderId(), p.delta(), p.balanceAfter(), p.tier(), p.actor(), p.note());
        }
        AccountChange.TierChange t = (AccountChange.TierChange) change;
        return java.util.Arrays.asList("TIER", t.eventId(), t.sequence(), t.reason().name(), date(t.occurredAt()),
                t.sourceEventId(), t.orderId(), t.from(), t.to(), t.promoted(), t.qualifyingSpend(), t.pointsBalance(), t.actor(), t.note());
    }

    private static AccountChange change(String customerId, List<?> c) {
        ChangeReason reason = ChangeReason.valueOf((String) c.get(3));
        Instant occurredAt = instant((Date) c.get(4));
        if ("POINTS".equals(c.get(0))) {
            return new AccountChange.PointsChange((String) c.get(1), customerId, (Long) c.get(2), reason, occurredAt,
                    (String) c.get(5), (String) c.get(6), (Long) c.get(7), (Long) c.get(8), (String) c.get(9), text(c, 10), text(c, 11));
        }
        return new AccountChange.TierChange((String) c.get(1), customerId, (Long) c.get(2), reason, occurredAt,
                (String) c.get(5), (String) c.get(6), (String) c.get(7), (String) c.get(8), (Boolean) c.get(9),
                (Long) c.get(10), (Long) c.get(11), text(c, 12), text(c, 13));
    }

    /** A trailing position written since actors were recorded; older pending changes end before it. */
    private static String text(List<?> positional, int index) {
        return positional.size() > index ? (String) positional.get(index) : null;
    }

    /** A pending change as written before the positional format. */
    private static AccountChange change(String customerId, Document d) {
        ChangeReason reason = ChangeReason.valueOf(d.getString("reason"));
        Instant occurredAt = instant(d.getDate("occurredAt"));
        if ("POINTS".equals(d.getString("type"))) {
            return new AccountChange.PointsChange(d.getString("eventId"), customerId, d.getLong("sequence"), reason, occurredAt,
                    d.getString("sourceEventId"), d.getString("orderId"), d.getLong("delta"), d.getLong("balanceAfter"), d.getString("tier"));
        }
        return new AccountChange.TierChange(d.getString("eventId"), customerId, d.getLong("sequence"), reason, occurredAt,
                d.getString("sourceEventId"), d.getString("orderId"), d.getString("from"), d.getString("to"), d.getBoolean("promoted"),
                d.getLong("qualifyingSpend"), d.getLong("pointsBalance"));
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
