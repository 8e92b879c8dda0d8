package dev.loyalty.orders.adapter.out.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import dev.loyalty.orders.application.IdempotencyRecords;
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
    public Claim claim(String key, String fingerprint) {
        if (insertNew(new Document("_id", key).append("fingerprint", fingerprint))) {
            return Claim.NEW;
        }
        Document existing = records.find(new Document("_id", key)).first();
        if (!fingerprint.equals(existing.getString("fingerprint"))) {
            return Claim.CONFLICT;
        }
        return existing.getBoolean("published", false) ? Claim.PUBLISHED : Claim.PENDING;
    }

    @Override
    public void markPublished(String key) {
        records.updateOne(new Document("_id", key), new Document("$set", new Document("published", true)));
    }

    /** A chunk's lines are kept as {@code lines.<line> = fingerprint}; new lines reopen the chunk until published. */
    @Override
    public Map<Long, Claim> claimRows(String key, Map<Long, String> fingerprints) {
        Document lines = new Document();
        fingerprints.forEach((line, fingerprint) -> lines.append(String.valueOf(line), fingerprint));
        Map<Long, Claim> claims = new LinkedHashMap<>();
        if (insertNew(new Document("_id", key).append("lines", lines))) {
            fingerprints.keySet().forEach(line -> claims.put(line, Claim.NEW));
            return claims;
        }
        Document existing = records.find(new Document("_id", key)).first();
        Document known = existing.get("lines", Document.class);
        boolean published = existing.getBoolean("published", false);
        Document added = new Document();
        fingerprints.forEach((line, fingerprint) -> {
            String before = known.getString(String.valueOf(line));
            if (before == null) {
                claims.put(line, Claim.NEW);
                added.append("lines." + line, fingerprint);
            } else if (!before.equals(fingerprint)) {
                claims.put(line, Claim.CONFLICT);
            } else {
                claims.put(line, published ? Claim.PUBLISHED : Claim.PENDING);
            }
        });
        if (!added.isEmpty()) {
            records.updateOne(new Document("_id", key), new Document("$set", added.append("published", false)));
        }
        return claims;
    }

    /** Inserts an unpublished record; false if one with its {@code _id} exists (the unique index decides). */
    private boolean insertNew(Document record) {
        try {
            records.insertOne(record.append("published", false).append("createdAt", Date.from(Instant.now())));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }
}
