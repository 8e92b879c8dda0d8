package dev.loyalty.engine.adapter.out.mongo;

import dev.loyalty.engine.application.CustomerAccounts.StoredAccount;
import dev.loyalty.engine.domain.AccountChange;
import dev.loyalty.engine.domain.AccountEvent;
import dev.loyalty.engine.domain.ChangeReason;
import dev.loyalty.engine.domain.CustomerAccount;
import dev.loyalty.engine.domain.EarnRate;
import dev.loyalty.engine.domain.HeldReturn;
import dev.loyalty.engine.domain.OpeningBalance;
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
        Document monthly = new Document();
        new TreeMap<>(a.monthlySpend()).forEach((month, spend) -> monthly.append(month.toString(), spend));
        return new Document("_id", a.customerId())
                .append("revision", a.revision() + 1)
                .append("tier", a.tier())
                .append("pointsBalance", a.pointsBalance())
                .append("lifetimeSpend", a.lifetimeSpend())
                .append("orderSpend", a.orderSpend())
                .append("monthlySpend", monthly)
                .append("firstPurchaseAt", date(a.firstPurchaseAt()))
                .append("clock", date(a.clock()))
                .append("lastSequence", a.lastSequence())
                .append("orders", a.orders().values().stream().map(CustomerDocuments::order).toList())
                .append("openingBalances", a.openingBalances().values().stream().map(b -> new Document("source", b.source())
                        .append("spend", b.spend()).append("asOf", date(b.asOf())).append("firstPurchaseAt", date(b.firstPurchaseAt()))).toList())
                .append("heldReturns", a.heldReturns().stream().map(h -> returned(h.event())).toList())
                .append("redemptions", a.redemptions().values().stream().map(r -> new Document("id", r.redemptionId())
                        .append("points", r.points()).append("orderId", r.orderId()).append("balanceAfter", r.balanceAfter())
                        .append("redeemableAfter", r.redeemableAfter())).toList())
                .append("recentEventIds", a.recentEventIds())
                .append("updatedAt", date(a.updatedAt()))
                .append("outbox", outbox.stream().map(CustomerDocuments::change).toList())
                // plain flags so the relay's queries are index-served (the stand-in indexes only exact keys)
                .append("outboxPending", !outbox.isEmpty())
                .append("holdsReturns", !a.heldReturns().isEmpty());
    }

    static StoredAccount toStored(Document d) {
        String customerId = d.getString("_id");
        Map<String, OrderRecord> orders = new LinkedHashMap<>();
        d.getList("orders", Document.class, List.of()).forEach(o -> {
            OrderRecord order = order(o);
            orders.put(order.orderId(), order);
        });
        Map<YearMonth, Long> monthly = new TreeMap<>();
        d.get("monthlySpend", new Document()).forEach((month, spend) -> monthly.put(YearMonth.parse(month), ((Number) spend).longValue()));
        Map<String, OpeningBalance> balances = new TreeMap<>();
        d.getList("openingBalances", Document.class, List.of()).forEach(b -> balances.put(b.getString("source"),
                new OpeningBalance(b.getString("source"), b.getLong("spend"), instant(b.getDate("asOf")), instant(b.getDate("firstPurchaseAt")))));
        Map<String, RedemptionRecord> redemptions = new LinkedHashMap<>();
        d.getList("redemptions", Document.class, List.of()).forEach(r -> redemptions.put(r.getString("id"),
                new RedemptionRecord(r.getString("id"), r.getLong("points"), r.getString("orderId"), r.getLong("balanceAfter"),
                        r.getLong("redeemableAfter"))));
        List<HeldReturn> held = d.getList("heldReturns", Document.class, List.of()).stream()
                .map(h -> new HeldReturn(returned(customerId, h))).toList();
        CustomerAccount account = new CustomerAccount(customerId, orders, monthly, d.getLong("orderSpend"), balances,
                instant(d.getDate("firstPurchaseAt")), d.getLong("pointsBalance"), d.getString("tier"), d.getLong("lastSequence"),
                held, redemptions, d.getList("recentEventIds", String.class, List.of()), instant(d.getDate("clock")),
                d.getLong("revision"), instant(d.getDate("updatedAt")));
        List<AccountChange> outbox = d.getList("outbox", Document.class, List.of()).stream()
                .map(entry -> change(customerId, entry)).toList();
        return new StoredAccount(account, outbox);
    }

    private static Document order(OrderRecord o) {
        return new Document("id", o.orderId()).append("amount", o.amount()).append("returned", o.returned())
                .append("at", date(o.occurredAt())).append("month", o.month().toString())
                .append("rateSpend", o.rate() == null ? null : o.rate().spend())
                .append("ratePoints", o.rate() == null ? null : o.rate().points())
                .append("points", o.points()).append("counts", o.countsAsSpend()).append("returnIds", o.returnIds());
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

    private static AccountEvent.OrderReturned returned(String customerId, Document h) {
        return new AccountEvent.OrderReturned(h.getString("eventId"), customerId, h.getString("returnId"),
                h.getString("orderId"), h.getLong("amount"), instant(h.getDate("at")));
    }

    private static Document change(AccountChange change) {
        Document d = new Document("eventId", change.eventId())
                .append("sequence", change.sequence())
                .append("reason", change.reason().name())
                .append("occurredAt", date(change.occurredAt()))
                .append("sourceEventId", change.sourceEventId())
                .append("orderId", change.orderId());
        if (change instanceof AccountChange.PointsChange points) {
            return d.append("type", "POINTS").append("delta", points.delta())
                    .append("balanceAfter", points.balanceAfter()).append("tier", points.tier());
        }
        AccountChange.TierChange tier = (AccountChange.TierChange) change;
        return d.append("type", "TIER").append("from", tier.from()).append("to", tier.to()).append("promoted", tier.promoted())
                .append("qualifyingSpend", tier.qualifyingSpend()).append("pointsBalance", tier.pointsBalance());
    }

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
