package dev.loyalty.engine.adapter.out.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import dev.loyalty.engine.application.AccountArchive;
import dev.loyalty.engine.domain.OrderArchive;
import dev.loyalty.engine.domain.RedemptionRecord;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code account_archive} collection: one document per archived order ({@code <customer>/o/<order>}) or redemption
 * ({@code <customer>/r/<redemption>}); ids hold no "/", so the id is unique. Every read and write of the hot path filters on
 * {@code _id} alone (index-served on MongoDB and on the stand-in); a customer's whole archive is the {@code customerId}
 * index's (a recalculation or an opening balance only).
 * <p>
 * A copy is {@code $max} on {@code state: {revision, generation, record}}: documents compare field by field, so the
 * state of the newer account document wins whichever copy lands last, and the same copy again changes nothing. No
 * conditional filter is needed (which the stand-in would serve by a scan).
 */
@Component
class MongoAccountArchive implements AccountArchive {

    private final MongoCollection<Document> archive;

    MongoAccountArchive(MongoTemplate mongo) {
        this.archive = mongo.getCollection("account_archive");
        archive.createIndex(Indexes.ascending("customerId"), new IndexOptions().name("customer"));
    }

    @Override
    public void keep(List<Moved> moved) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (Moved m : moved) {
            m.orders().forEach(o -> writes.add(copy(m.customerId(), "/o/" + o.order().orderId(), m.revision(), o.generation(),
                    CustomerDocuments.order(o.order()))));
            m.redemptions().forEach(r -> writes.add(copy(m.customerId(), "/r/" + r.redemptionId(), m.revision(), 0,
                    CustomerDocuments.redemption(r))));
        }
        for (int from = 0; from < writes.size(); from += 1_000) {
            archive.bulkWrite(writes.subList(from, Math.min(writes.size(), from + 1_000)), new BulkWriteOptions().ordered(false));
        }
    }

    private static UpdateOneModel<Document> copy(String customerId, String suffix, long revision, long generation, Object record) {
        Document state = new Document("revision", revision).append("generation", generation).append("record", record);
        return new UpdateOneModel<>(new Document("_id", customerId + suffix),
                new Document("$max", new Document("state", state)).append("$setOnInsert", new Document("customerId", customerId)),
                new UpdateOptions().upsert(true));
    }

    @Override
    public Map<String, OrderArchive.Found> find(Map<String, Asked> asked) {
        List<String> ids = new ArrayList<>();
        asked.forEach((customer, a) -> {
            a.orders().forEach(o -> ids.add(customer + "/o/" + o));
            a.redemptions().forEach(r -> ids.add(customer + "/r/" + r));
        });
        Map<String, Collected> found = new HashMap<>();
        asked.forEach((customer, a) -> found.put(customer, new Collected(a.orders(), a.redemptions(), false)));
        for (List<String> slice : MongoCustomerAccounts.slices(ids)) {
            archive.find(new Document("_id", new Document("$in", slice))).forEach(d -> found.get(d.getString("customerId")).add(d));
        }
        Map<String, OrderArchive.Found> answer = new HashMap<>();
        found.forEach((customer, c) -> answer.put(customer, c.found()));
        return answer;
    }

    @Override
    public Map<String, OrderArchive.Found> everything(Collection<String> customerIds) {
        Map<String, OrderArchive.Found> answer = new HashMap<>();
        for (String customer : customerIds) {
            Collected c = new Collected(Set.of(), Set.of(), true);
            archive.find(new Document("customerId", customer)).batchSize(5_000).forEach(c::add);
            answer.put(customer, c.found());
        }
        return answer;
    }

    private static final class Collected {
        private final Set<String> askedOrders;
        private final Set<String> askedRedemptions;
        private final boolean everything;
        private final Map<String, OrderArchive.ArchivedOrder> orders = new HashMap<>();
        private final Map<String, RedemptionRecord> redemptions = new HashMap<>();

        Collected(Set<String> askedOrders, Set<String> askedRedemptions, boolean everything) {
            this.askedOrders = new HashSet<>(askedOrders);
            this.askedRedemptions = new HashSet<>(askedRedemptions);
            this.everything = everything;
        }

        void add(Document d) {
            Document state = d.get("state", Document.class);
            List<?> record = state.getList("record", Object.class);
            if (d.getString("_id").startsWith(d.getString("customerId") + "/o/")) {
                var order = CustomerDocuments.order(record);
                orders.put(order.orderId(), new OrderArchive.ArchivedOrder(order, state.getLong("generation")));
            } else {
                RedemptionRecord redemption = CustomerDocuments.redemption(record);
                redemptions.put(redemption.redemptionId(), redemption);
            }
        }

        OrderArchive.Found found() {
            return new OrderArchive.Found(orders, askedOrders, redemptions, askedRedemptions, everything);
        }
    }
}
