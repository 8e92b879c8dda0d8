package dev.loyalty.bench;

import com.mongodb.client.MongoCollection;
import org.bson.Document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * After the run: every customer's spend, points and tier equal what the generator's model computed,
 * and the journal's sum of point deltas equals each customer's balance. Speed means nothing without it.
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
        customers.find().projection(new Document("tier", 1).append("pointsBalance", 1).append("lifetimeSpend", 1))
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
        long checked = 0;
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
            if (spend != expected.spend || points != expected.points || !Objects.equals(tier, expected.tier.code())) {
                mismatches.add(id + ": expected spend " + expected.spend + " points " + expected.points + " tier " + expected.tier.code()
                        + ", stored spend " + spend + " points " + points + " tier " + tier);
            }
            long journalPoints = journalSums.getOrDefault(id, 0L);
            if (journalPoints != points) {
                mismatches.add(id + ": journal deltas sum to " + journalPoints + ", balance is " + points);
            }
        }
        figures.put("gateCustomersChecked", checked);
        figures.put("gateMismatches", mismatches.size());
        figures.put("gateSeconds", Bench.round((System.nanoTime() - start) / 1e9, 1));
        mismatches.stream().limit(10).forEach(m -> System.out.println("MISMATCH " + m));
        return mismatches.isEmpty() && checked > 0;
    }
}
