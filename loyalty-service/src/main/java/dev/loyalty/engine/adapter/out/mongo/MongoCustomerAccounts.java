package dev.loyalty.engine.adapter.out.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.loyalty.engine.application.CustomerAccounts;
import dev.loyalty.engine.domain.AccountChange;
import dev.loyalty.engine.domain.CustomerAccount;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * Accounts in the {@code customers} collection, one document per customer holding its state,
 * its dedupe memory and its outbox. Filters are plain {@code {_id}} or {@code {_id, revision}}
 * documents, each served by an index on MongoDB and on the stand-in (which uses an index only
 * when the filter's keys are exactly the index's keys).
 */
@Component
class MongoCustomerAccounts implements CustomerAccounts {

    private final MongoCollection<Document> customers;

    MongoCustomerAccounts(MongoTemplate mongo) {
        this.customers = mongo.getCollection("customers");
        customers.createIndex(Indexes.ascending("_id", "revision"), new IndexOptions().name("revision_guard"));
        customers.createIndex(Indexes.ascending("tier"), new IndexOptions().name("tier"));
    }

    @Override
    public Optional<StoredAccount> find(String customerId) {
        return Optional.ofNullable(customers.find(new Document("_id", customerId)).first()).map(CustomerDocuments::toStored);
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
        customers.updateOne(new Document("_id", customerId).append("revision", revision),
                new Document("$set", new Document("outbox", List.of())));
    }

    @Override
    public void forEachCustomerId(java.util.function.Consumer<String> action) {
        customers.find().projection(new Document("_id", 1)).batchSize(1_000).forEach(d -> action.accept(d.getString("_id")));
    }

    /** An operator's question, not a hot path: served by the {@code tier} index on MongoDB (a scan on the stand-in). */
    @Override
    public boolean anyHoldsTier(String tierCode) {
        return customers.find(new Document("tier", tierCode)).limit(1).first() != null;
    }
}
