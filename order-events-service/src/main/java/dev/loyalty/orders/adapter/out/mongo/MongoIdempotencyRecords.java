package dev.loyalty.orders.adapter.out.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import dev.loyalty.orders.application.IdempotencyRecords;
import dev.loyalty.orders.domain.ContentFingerprint;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Idempotency records in the {@code idempotency} collection: {@code _id} is the client's key
 * ({@code order:<orderId>}, {@code return:<returnId>}, {@code import:<importId>:<chunk>}), so the
 * unique {@code _id} index decides between concurrent requests, on any number of instances. Every
 * filter is a plain {@code {_id}}, served by that index on MongoDB and on the stand-in.
 */
@Component
class MongoIdempotencyRecords implements IdempotencyRecords {

    private final MongoCollection<Document> records;

    MongoIdempotencyRecords(MongoTemplate mongo) {
        this.records = mongo.getCollection("idempotency");
    }

    @Override
    public Claim claim(String key, String fingerprint, String storeId) {
        Document record = new Document("_id", key).append("fingerprint", fingerprint);
        if (storeId != null) {
            record.append("storeId", storeId);
        }
        if (insertNew(record)) {
            return Claim.NEW;
        }
        Document existing = records.find(new Document("_id", key)).first();
        if (!fingerprint.equals(existing.getString("fingerprint"))) {
            return Claim.CONFLICT;
        }
        // no mark after a success (one round trip per write): only a publication known to have failed is marked
        return existing.getBoolean("publishFailed", false) ? Claim.PENDING : Claim.PUBLISHED;
    }

    @Override
    public void markPublishFailed(String key) {
        records.updateOne(new Document("_id", key), new Document("$set", new Document("publishFailed", true)));
    }

    @Override
    public java.util.Optional<String> storeOf(String orderKey) {
        Document record = records.find(new Document("_id", orderKey)).projection(new Document("storeId", 1)).first();
        return java.util.Optional.ofNullable(record == null ? null : record.getString("storeId"));
    }

    @Override
    public void markPublished(String key) {
        records.updateOne(new Document("_id", key), new Document("$set", new Document("published", true))
                .append("$unset", new Document("publishFailed", "")));
    }

    /**
     * A chunk's lines are kept packed in one string, {@code slots}: the fingerprint of line
     * {@code firstLine + i} at {@code i * WIDTH}, blanks for lines never accepted (refused rows are not
     * remembered). A million rows take 16 MB, not a million documents. New lines reopen the chunk
     * until it is marked published again.
     */
    @Override
    public Map<Long, Claim> claimRows(String key, long firstLine, Map<Long, String> fingerprints) {
        Map<Long, Claim> claims = new LinkedHashMap<>();
        if (insertNew(new Document("_id", key).append("slots", pack(new StringBuilder(), firstLine, fingerprints).toString())
                .append("published", false))) {
            fingerprints.keySet().forEach(line -> claims.put(line, Claim.NEW));
            return claims;
        }
        Document existing = records.find(new Document("_id", key)).first();
        String slots = existing.getString("slots");
        boolean published = existing.getBoolean("published", false);
        Map<Long, String> added = new LinkedHashMap<>();
        fingerprints.forEach((line, fingerprint) -> {
            int at = (int) (line - firstLine) * ContentFingerprint.WIDTH;
            String before = at + ContentFingerprint.WIDTH <= slots.length() ? slots.substring(at, at + ContentFingerprint.WIDTH) : BLANK;
            if (before.equals(BLANK)) {
                claims.put(line, Claim.NEW);
                added.put(line, fingerprint);
            } else if (!before.equals(fingerprint)) {
                claims.put(line, Claim.CONFLICT);
            } else {
                claims.put(line, published ? Claim.PUBLISHED : Claim.PENDING);
            }
        });
        if (!added.isEmpty()) {
            String updated = pack(new StringBuilder(slots), firstLine, added).toString();
            records.updateOne(new Document("_id", key),
                    new Document("$set", new Document("slots", updated).append("published", false)));
        }
        return claims;
    }

    private static final String BLANK = " ".repeat(ContentFingerprint.WIDTH);

    private static StringBuilder pack(StringBuilder slots, long firstLine, Map<Long, String> fingerprints) {
        fingerprints.forEach((line, fingerprint) -> {
            int at = (int) (line - firstLine) * ContentFingerprint.WIDTH;
            while (slots.length() < at + ContentFingerprint.WIDTH) {
                slots.append(BLANK);
            }
            slots.replace(at, at + ContentFingerprint.WIDTH, fingerprint);
        });
        return slots;
    }

    /** Inserts a record; false if one with its {@code _id} exists (the unique index decides). */
    private boolean insertNew(Document record) {
        try {
            records.insertOne(record.append("createdAt", Date.from(Instant.now())));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }
}
