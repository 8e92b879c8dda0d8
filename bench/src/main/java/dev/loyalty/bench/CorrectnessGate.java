package dev.loyalty.bench;

import com.mongodb.client.MongoCollection;
import org.bson.Document;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * After the run: every customer's spend, points and tier equal what the generator's model computed, and so do
 * the lifecycle's traces (pending points, the next lots to expire, a tier kept through a grace period, an
 * override), and the journal's sum of point deltas equals each customer's balance. Speed means nothing without it.
 */
final class CorrectnessGate {

    private final LoyaltyModel model;
    private final MongoCollection<Document> customers;
    private final MongoCollection<Document> journal;

    CorrectnessGate(LoyaltyModel model, MongoCollection<Document> customers, MongoCollection<Document> journal) {
        this.model = model;
        this.customers = customers;
        this.journal = journal;
    }

    boolean check(Map<String, Object> figures) {
        long start = System.nanoTime();
        Map<String, Document> stored = new HashMap<>();
        customers.find().projection(new Document("tier", 1).append("pointsBalance", 1).append("lifetimeSpend", 1)
                        .append("lots", 1).append("keptUntil", 1).append("override", 1))
                .batchSize(10_000).forEach(d -> stored.put(d.getString("_id"), d));
        Map<String, Long> journalSums = new HashMap<>();
        // Summed here from a streamed find: a $group over a million customers answers in one reply, which the
        // stand-in does not split into batches, and 1,065,002 sums came to 51 MB, past the driver's 48 MB limit.
        journal.find().projection(new Document("_id", 0).append("customerId", 1).append("pointsDelta", 1))
                .batchSize(10_000).forEach(d -> {
                    if (d.get("pointsDelta") instanceof Number delta) {
                        journalSums.merge(d.getString("customerId"), delta.longValue(), Long::sum);
                    }
                });
        List<String> mismatches = new ArrayList<>();
        Instant now = model.lifecycle().now();
        YearMonth month = YearMonth.from(now.atZone(model.lifecycle().zone()));
        if (!month.equals(YearMonth.now(model.lifecycle().zone()))) {
            mismatches.add("the run began in " + month + " and ends in the next month: lots fell due while it ran, run it again");
        }
        long checked = 0;
        long pendingCustomers = 0;
        long graceCustomers = 0;
        for (Map.Entry<String, LoyaltyModel.Customer> entry : model.customers().entrySet()) {
            String id = entry.getKey();
            LoyaltyModel.Customer expected = entry.getValue();
            Document actual = stored.get(id);
            checked++;
            if (actual == null) {
                mismatches.add(id + ": no account");
                continue;
            }
            long spend = ((Number) actual.get("lifetimeSpend")).longValue();
            long points = ((Number) actual.get("pointsBalance")).longValue();
            String tier = actual.getString("tier");
            if (spend != expected.spend || points != expected.points() || !Objects.equals(tier, expected.tier().code())) {
                mismatches.add(id + ": expected spend " + expected.spend + " points " + expected.points() + " tier " + expected.tier().code()
                        + ", stored spend " + spend + " points " + points + " tier " + tier);
            }
            long pending = 0;
            Instant firstExpiry = null;
            long expiring = 0;
            for (Object item : actual.getList("lots", Object.class, List.of())) {
                List<?> lot = (List<?>) item; // [id, remaining, earnedAt, pendingUntil, expiresAt, activated]
                long remaining = ((Number) lot.get(1)).longValue();
                Instant pendingUntil = lot.get(3) == null ? null : ((Date) lot.get(3)).toInstant();
                Instant expiresAt = lot.get(4) == null ? null : ((Date) lot.get(4)).toInstant();
                if (remaining > 0 && pendingUntil != null && now.isBefore(pendingUntil)) {
                    pending += remaining;
                }
                if (remaining > 0 && expiresAt != null && (firstExpiry == null || expiresAt.isBefore(firstExpiry))) {
                    firstExpiry = expiresAt;
                    expiring = 0;
                }
                if (remaining > 0 && expiresAt != null && expiresAt.equals(firstExpiry)) {
                    expiring += remaining;
                }
            }
            LoyaltyModel.Expiring expectedExpiring = model.expiring(expected);
            LoyaltyModel.Expiring storedExpiring = firstExpiry == null ? null : new LoyaltyModel.Expiring(expiring, firstExpiry);
            if (pending != model.pending(expected) || !Objects.equals(storedExpiring, expectedExpiring)) {
                mismatches.add(id + ": expected pending " + model.pending(expected) + " expiring " + expectedExpiring
                        + ", stored pending " + pending + " expiring " + storedExpiring);
            }
            boolean kept = actual.get("keptUntil") != null;
            if (kept != model.inGrace(id)) {
                mismatches.add(id + ": expected " + (kept ? "no grace period" : "a grace period (keptUntil)") + ", stored " + actual.get("keptUntil"));
            }
            Document override = actual.get("override", Document.class);
            String storedOverride = override == null ? null : override.getString("mode") + " " + override.getString("tier");
            String expectedOverride = expected.override == null ? null : expected.override.mode() + " " + expected.override.tier();
            if (!Objects.equals(storedOverride, expectedOverride)) {
                mismatches.add(id + ": expected override " + expectedOverride + ", stored " + storedOverride);
            }
            pendingCustomers += pending > 0 ? 1 : 0;
            graceCustomers += kept ? 1 : 0;
            long journalPoints = journalSums.getOrDefault(id, 0L);
            if (journalPoints != points) {
                mismatches.add(id + ": journal deltas sum to " + journalPoints + ", balance is " + points);
            }
        }
        figures.put("gateCustomersChecked", checked);
        figures.put("gateCustomersWithPendingPoints", pendingCustomers);
        figures.put("gateCustomersInGrace", graceCustomers);
        figures.put("gateLotsExpired", model.expiredLots());
        figures.put("gateMismatches", mismatches.size());
        figures.put("gateSeconds", Bench.round((System.nanoTime() - start) / 1e9, 1));
        mismatches.stream().limit(10).forEach(m -> System.out.println("MISMATCH " + m));
        return mismatches.isEmpty() && checked > 0;
    }
}
