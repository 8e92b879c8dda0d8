package dev.loyalty.engine.adapter.out.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import dev.loyalty.engine.application.ProgramStore;
import dev.loyalty.engine.domain.EarnRate;
import dev.loyalty.engine.domain.LoyaltyProgram;
import dev.loyalty.engine.domain.PointsExpiry;
import dev.loyalty.engine.domain.TierRetention;
import dev.loyalty.engine.domain.Tier;
import dev.loyalty.engine.domain.TierCriterion;
import dev.loyalty.engine.domain.TierPolicy;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.ZoneId;
import java.util.List;

/**
 * The program and its tiers in the {@code program} collection (documents {@code program} and
 * {@code tiers}). Every applied event needs them, so they are cached for a second: an edit on this
 * instance is seen at once, on other instances within a second.
 */
@Component
class MongoProgramStore implements ProgramStore {

    private static final long CACHE_NANOS = 1_000_000_000L;

    private final MongoCollection<Document> settings;
    private volatile Cached cached;

    MongoProgramStore(MongoTemplate mongo) {
        this.settings = mongo.getCollection("program");
    }

    @Override
    public LoyaltyProgram program() {
        return current().program();
    }

    @Override
    public TierPolicy tiers() {
        return current().tiers();
    }

    @Override
    public synchronized void saveProgram(LoyaltyProgram program) {
        settings.replaceOne(new Document("_id", "program"), new Document("_id", "program")
                .append("currency", program.currency()).append("timeZone", program.timeZone().getId())
                .append("tierCriterion", program.tierCriterion().name())
                .append("earnSpend", program.defaultEarnRate().spend()).append("earnPoints", program.defaultEarnRate().points())
                .append("pendingDays", program.pendingDays())
                .append("expiryMode", program.pointsExpiry().mode().name()).append("expiryValue", program.pointsExpiry().value())
                .append("retentionMode", program.tierRetention().mode().name()).append("retentionDays", program.tierRetention().days()),
                new ReplaceOptions().upsert(true));
        cached = null;
    }

    @Override
    public synchronized void saveTiers(TierPolicy tiers) {
        settings.replaceOne(new Document("_id", "tiers"), new Document("_id", "tiers").append("tiers", tiers.tiers().stream()
                        .map(t -> new Document("code", t.code()).append("name", t.name()).append("minSpend", t.minSpend())
                                .append("maxSpend", t.maxSpend()).append("earnSpend", t.earnRate().spend())
                                .append("earnPoints", t.earnRate().points()).append("minPointBalance", t.minPointBalance())
                                .append("active", t.active())).toList()),
                new ReplaceOptions().upsert(true));
        cached = null;
    }

    @Override
    public void refresh() {
        cached = null;
    }

    /** Document {@code month-sweep}: the month as a number ({@code year * 12 + month - 1}), so {@code $max} keeps the newest. */
    @Override
    public java.util.Optional<java.time.YearMonth> monthSwept() {
        Document d = settings.find(new Document("_id", "month-sweep")).first();
        if (d == null || d.get("month") == null) {
            return java.util.Optional.empty();
        }
        long month = ((Number) d.get("month")).longValue();
        return java.util.Optional.of(java.time.YearMonth.of((int) (month / 12), (int) (month % 12) + 1));
    }

    @Override
    public void markMonthSwept(java.time.YearMonth month) {
        settings.updateOne(new Document("_id", "month-sweep"),
                new Document("$max", new Document("month", (long) month.getYear() * 12 + month.getMonthValue() - 1)),
                new com.mongodb.client.model.UpdateOptions().upsert(true));
    }

    private Cached current() {
        Cached now = cached;
        if (now == null || System.nanoTime() - now.loadedAt() > CACHE_NANOS) {
            now = new Cached(loadProgram(), loadTiers(), System.nanoTime());
            cached = now;
        }
        return now;
    }

    private LoyaltyProgram loadProgram() {
        Document d = settings.find(new Document("_id", "program")).first();
        if (d == null) {
            return LoyaltyProgram.DEFAULT;
        }
        // programs saved before the lifecycle settings have their defaults
        PointsExpiry expiry = d.getString("expiryMode") == null ? PointsExpiry.NONE
                : new PointsExpiry(PointsExpiry.Mode.valueOf(d.getString("expiryMode")), d.getInteger("expiryValue", 0));
        TierRetention retention = d.getString("retentionMode") == null ? TierRetention.IMMEDIATE
                : new TierRetention(TierRetention.Mode.valueOf(d.getString("retentionMode")), d.getInteger("retentionDays", 0));
        return new LoyaltyProgram(d.getString("currency"), ZoneId.of(d.getString("timeZone")),
                TierCriterion.valueOf(d.getString("tierCriterion")), new EarnRate(d.getLong("earnSpend"), d.getLong("earnPoints")),
                d.getInteger("pendingDays", 0), expiry, retention);
    }

    private TierPolicy loadTiers() {
        Document d = settings.find(new Document("_id", "tiers")).first();
        if (d == null) {
            return TierPolicy.NONE;
        }
        return TierPolicy.of(d.getList("tiers", Document.class, List.of()).stream()
                .map(t -> new Tier(t.getString("code"), t.getString("name"), t.getLong("minSpend"), t.getLong("maxSpend"),
                        new EarnRate(t.getLong("earnSpend"), t.getLong("earnPoints")), t.getLong("minPointBalance"), t.getBoolean("active")))
                .toList());
    }

    private record Cached(LoyaltyProgram program, TierPolicy tiers, long loadedAt) {
    }
}
