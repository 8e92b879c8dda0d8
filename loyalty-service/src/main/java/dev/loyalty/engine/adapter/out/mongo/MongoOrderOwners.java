package dev.loyalty.engine.adapter.out.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import dev.loyalty.engine.application.OrderOwners;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code order_owners}: {@code {_id: orderId, customerId}}; reads by {@code _id $in}, inserts unordered. */
@Component
class MongoOrderOwners implements OrderOwners {

    private final MongoCollection<Document> owners;

    MongoOrderOwners(MongoTemplate mongo) {
        this.owners = mongo.getCollection("order_owners");
    }

    @Override
    public Map<String, String> ownersOf(Collection<String> orderIds) {
        Map<String, String> found = new HashMap<>();
        for (List<String> slice : MongoCustomerAccounts.slices(orderIds)) { // see there: linear on the stand-in
            owners.find(new Document("_id", new Document("$in", slice)))
                    .forEach(d -> found.put(d.getString("_id"), d.getString("customerId")));
        }
        return found;
    }

    @Override
    public void record(Map<String, String> ownerByOrder) {
        if (ownerByOrder.isEmpty()) {
            return;
        }
        try {
            owners.insertMany(ownerByOrder.entrySet().stream()
                    .map(e -> new Document("_id", e.getKey()).append("customerId", e.getValue())).toList(),
                    new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().stream().anyMatch(error -> ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY)) {
                throw e;
            }
        }
    }
}
