package dev.loyalty.engine.adapter.out.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.loyalty.engine.application.CustomerAccounts;
import dev.loyalty.engine.domain.AccountChange;
import dev.loyalty.engine.domain.AccountStanding;
import dev.loyalty.engine.domain.CustomerAccount;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Accounts in the {@code customers} collection, one document per customer holding its state,
 * its dedupe memory and its outbox ({@code outboxPending} when the relay has to publish it). Filters are
 * plain {@code {_id}} or {@code {_id, revision}}
 * documents, each served by an index on MongoDB and on the stand-in (which uses an index only
 * when the filter's keys are exactly the index's keys).
 */
@Component
class MongoCustomerAccounts implements CustomerAccounts {

    private final MongoCollection<Document> customers;

    MongoCustomerAccounts(MongoTemplate mongo) {
        this.customers = mongo.getCollection("customers");
        // Unique (it holds _id, so it is anyway): the stand-in serves a query from an index only if it is unique,
        // and every write of the hot path filters on {_id, revision}.
        customers.createIndex(Indexes.ascending("_id", "revision"), new IndexOptions().name("revision_guard_unique").unique(true));
        customers.createIndex(Indexes.ascending("tier"), new IndexOptions().name("tier"));
        customers.createIndex(Indexes.ascending("outboxPending"), new IndexOptions().name("outbox_pending"));
        customers.createIndex(Indexes.ascending("holdsReturns"), new IndexOptions().name("holds_returns"));
        customers.createIndex(Indexes.ascending("evaluatedThrough"), new IndexOptions().name("evaluated_through"));
        customers.createIndex(Indexes.ascending("nextDue"), new IndexOptions().name("next_due").sparse(true));
    }

    @Override
    public Optional<StoredAccount> find(String customerId) {
        return Optional.ofNullable(customers.find(new Document("_id", customerId)).first()).map(CustomerDocuments::toStored);
    }

    @Override
    public Optional<AccountStanding> standing(String customerId) {
        return Optional.ofNullable(customers.find(new Document("_id", customerId)).projection(CustomerDocuments.STANDING).first())
                .map(CustomerDocuments::toStanding);
    }

    /**
     * {@code _id $in} reads of at most {@value #READ_SLICE} ids each: the stand-in checks every document it
     * finds against the whole {@code $in} list, so one read of n ids costs n²; slices keep it linear.
     */
    @Override
    public Map<String, StoredAccount> findAll(Collection<String> customerIds) {
        Map<String, StoredAccount> found = new HashMap<>();
        for (List<String> slice : slices(customerIds)) {
            customers.find(new Document("_id", new Document("$in", slice)))
                    .forEach(d -> found.put(d.getString("_id"), CustomerDocuments.toStored(d)));
        }
        return found;
    }

    static final int READ_SLICE = 100;

    static List<List<String>> slices(Collection<String> ids) {
        List<String> all = List.copyOf(ids);
        List<List<String>> slices = new ArrayList<>();
        for (int from = 0; from < all.size(); from += READ_SLICE) {
            slices.add(all.subList(from, Math.min(from + READ_SLICE, all.size())));
        }
        return slices;
    }

    /**
     * One unordered bulk of revision-guarded replaces (inserts for new customers). A write that lost
     * (duplicate key on insert, no match on replace) is found by the write id each document carries.
     */
    @Override
    public Set<String> saveAll(List<StoredAccount> accounts) {
        if (accounts.isEmpty()) {
            return Set.of();
        }
        String writeId = UUID.randomUUID().toString();
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (StoredAccount stored : accounts) {
            Document document = CustomerDocuments.toDocument(stored).append("writeId", writeId);
            writes.add(stored.account().revision() == 0 ? new InsertOneModel<>(document)
                    : new ReplaceOneModel<>(new Document("_id", stored.account().customerId())
                    .append("revision", stored.account().revision()), document));
        }
        int expected = accounts.size();
        int done;
        try {
            BulkWriteResult result = customers.bulkWrite(writes, new BulkWriteOptions().ordered(false));
            done = result.getInsertedCount() + result.getMatchedCount();
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().stream().anyMatch(error -> ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY)) {
                throw e;
            }
            done = -1;
        }
        if (done == expected) {
            return Set.of();
        }
        Set<String> lost = new HashSet<>();
        List<String> ids = accounts.stream().map(a -> a.account().customerId()).toList();
        Map<String, String> written = new HashMap<>();
        for (List<String> slice : slices(ids)) {
            customers.find(new Document("_id", new Document("$in", slice))).projection(new Document("writeId", 1))
                    .forEach(d -> written.put(d.getString("_id"), d.getString("writeId")));
        }
        ids.stream().filter(id -> !writeId.equals(written.get(id))).forEach(lost::add);
        return lost;
    }

    @Override
    public void clearOutboxes(Map<String, Long> revisions) {
        if (revisions.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>();
        revisions.forEach((id, revision) -> writes.add(new UpdateOneModel<>(new Document("_id", id).append("revision", revision),
                OUTBOX_CLEARED)));
        customers.bulkWrite(writes, new BulkWriteOptions().ordered(false));
    }

    @Override
    public boolean save(CustomerAccount account, List<AccountChange> outbox) {
        Document document = CustomerDocuments.toDocument(account, outbox);
        if (account.revision() == 0) {
            try {
                customers.insertOne(document);
                return true;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                    return false;
                }
                throw e;
            }
        }
        Document expected = new Document("_id", account.customerId()).append("revision", account.revision());
        return customers.replaceOne(expected, document).getMatchedCount() == 1;
    }

    @Override
    public void clearOutbox(String customerId, long revision) {
        customers.updateOne(new Document("_id", customerId).append("revision", revision), OUTBOX_CLEARED);
    }

    private static final Document OUTBOX_CLEARED = new Document("$set", new Document("outbox", List.of()).append("outboxPending", false)
            .append("outboxRedelivery", null).append("outboxJob", null));

    /**
     * Plain {@code {outboxPending: true}}: served by its index on MongoDB (the stand-in serves only unique indexes, so it
     * scans, once per relay interval); the relay skips fresh ones.
     */
    @Override
    public List<StoredAccount> withPendingChanges(int limit) {
        java.util.Date settled = java.util.Date.from(java.time.Instant.now().minusSeconds(10));
        List<StoredAccount> pending = new ArrayList<>();
        customers.find(new Document("outboxPending", true)).limit(limit).forEach(d -> {
            if (d.getDate("updatedAt") == null || d.getDate("updatedAt").before(settled)) { // not one being published right now
                pending.add(CustomerDocuments.toStored(d));
            }
        });
        return pending;
    }

    @Override
    public long pendingChangesCount() {
        return customers.countDocuments(new Document("outboxPending", true));
    }

    /** A plain range on {@code nextDue}, served by its index on MongoDB (the stand-in scans once per sweep). */
    @Override
    public java.util.stream.Stream<String> dueBy(java.time.Instant now) {
        return ids(customers.find(new Document("nextDue", new Document("$lte", java.util.Date.from(now)))));
    }

    /** Every holder, in batches from one cursor: one pass over the {@code holds_returns} index (one scan on the stand-in). */
    @Override
    public java.util.stream.Stream<String> withHeldReturns() {
        return ids(customers.find(new Document("holdsReturns", true)));
    }

    /**
     * {@code evaluatedThrough} is "YYYY-MM", so "before a month" is a string range, served by its index on MongoDB; a
     * document written before the field existed is included (null also matches a missing field). The stand-in scans
     * once per sweep, and a sweep runs once per month (the program records the month it finished).
     */
    @Override
    public java.util.stream.Stream<String> evaluatedBefore(java.time.YearMonth month) {
        return ids(customers.find(new Document("$or", List.of(
                new Document("evaluatedThrough", new Document("$lt", month.toString())),
                new Document("evaluatedThrough", null)))));
    }

    private static java.util.stream.Stream<String> ids(com.mongodb.client.FindIterable<Document> found) {
        com.mongodb.client.MongoCursor<Document> ids = found.projection(new Document("_id", 1)).batchSize(1_000).cursor();
        return java.util.stream.StreamSupport.stream(java.util.Spliterators.spliteratorUnknownSize(ids, java.util.Spliterator.ORDERED), false)
                .map(d -> d.getString("_id")).onClose(ids::close);
    }

    /** Sorted by id (the {@code _id} index on MongoDB), so a job can resume after the last id it finished. */
    @Override
    public java.util.stream.Stream<String> customerIdsAfter(String cursor) {
        Document filter = cursor == null ? new Document() : new Document("_id", new Document("$gt", cursor));
        com.mongodb.client.MongoCursor<Document> ids = customers.find(filter).projection(new Document("_id", 1))
                .sort(new Document("_id", 1)).batchSize(5_000).cursor();
        return java.util.stream.StreamSupport.stream(java.util.Spliterators.spliteratorUnknownSize(ids, java.util.Spliterator.ORDERED), false)
                .map(d -> d.getString("_id")).onClose(ids::close);
    }

    /** From the collection's metadata: instant at any size (a job's expected total, not an audit figure). */
    @Override
    public long count() {
        return customers.estimatedDocumentCount();
    }

    /** An operator's question, not a hot path: served by the {@code tier} index on MongoDB (a scan on the stand-in). */
    @Override
    public boolean anyHoldsTier(String tierCode) {
        return customers.find(new Document("tier", tierCode)).limit(1).first() != null;
    }
}
