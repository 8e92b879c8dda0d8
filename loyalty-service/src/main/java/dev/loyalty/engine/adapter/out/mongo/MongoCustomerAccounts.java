package dev.loyalty.engine.adapter.out.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.loyalty.engine.application.CustomerAccounts;
import dev.loyalty.engine.domain.AccountChange;
import dev.loyalty.engine.domain.ChangeReason;
import dev.loyalty.engine.domain.CustomerAccount;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.Date;
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

    /** Mapping between the domain and the stored documents. */
    static final class CustomerDocuments {

        private CustomerDocuments() {
        }

        static Document toDocument(CustomerAccount account, List<AccountChange> outbox) {
            return new Document("_id", account.customerId())
                    .append("revision", account.revision() + 1)
                    .append("lifetimeSpend", account.lifetimeSpend())
                    .append("pointsBalance", account.pointsBalance())
                    .append("lastSequence", account.lastSequence())
                    .append("recentEventIds", account.recentEventIds())
                    .append("updatedAt", account.updatedAt() == null ? null : Date.from(account.updatedAt()))
                    .append("outbox", outbox.stream().map(CustomerDocuments::toDocument).toList());
        }

        static StoredAccount toStored(Document d) {
            CustomerAccount account = new CustomerAccount(d.getString("_id"), d.getLong("lifetimeSpend"),
                    d.getLong("pointsBalance"), d.getLong("lastSequence"), d.getList("recentEventIds", String.class),
                    d.getLong("revision"), d.getDate("updatedAt") == null ? null : d.getDate("updatedAt").toInstant());
            List<AccountChange> outbox = d.getList("outbox", Document.class).stream()
                    .map(entry -> toChange(account.customerId(), entry)).toList();
            return new StoredAccount(account, outbox);
        }

        private static Document toDocument(AccountChange change) {
            Document d = new Document("eventId", change.eventId())
                    .append("sequence", change.sequence())
                    .append("reason", change.reason().name())
                    .append("occurredAt", Date.from(change.occurredAt()))
                    .append("sourceEventId", change.sourceEventId());
            if (change instanceof AccountChange.PointsChange points) {
                d.append("type", "POINTS").append("orderId", points.orderId()).append("delta", points.delta())
                        .append("balanceAfter", points.balanceAfter()).append("tier", points.tier());
            }
            return d;
        }

        private static AccountChange toChange(String customerId, Document d) {
            String type = d.getString("type");
            if ("POINTS".equals(type)) {
                return new AccountChange.PointsChange(d.getString("eventId"), customerId, d.getLong("sequence"),
                        ChangeReason.valueOf(d.getString("reason")), d.getDate("occurredAt").toInstant(),
                        d.getString("sourceEventId"), d.getString("orderId"), d.getLong("delta"),
                        d.getLong("balanceAfter"), d.getString("tier"));
            }
            throw new IllegalStateException("unknown outbox entry type " + type);
        }
    }
}
