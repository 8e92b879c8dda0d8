package dev.loyalty.audit.adapter.out.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import dev.loyalty.audit.application.ProgramTallies;
import dev.loyalty.audit.domain.ProgramTally;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code program_tallies}: one small document per partition of the change stream,
 * {@code {_id: partition, throughOffset, pointsOutstanding, tiers: [{tier, customers}]}} (tier null: none; an array,
 * since a tier code may hold a dot, which a field name should not). It is replaced whole, on its {@code _id} and the
 * offset it was read at: one single-document write moves the counts and the offset together.
 */
@Component
class MongoProgramTallies implements ProgramTallies {

    private final MongoCollection<Document> tallies;

    MongoProgramTallies(MongoTemplate mongo) {
        this.tallies = mongo.getCollection("program_tallies");
    }

    @Override
    public PartitionTally of(int partition) {
        Document d = tallies.find(new Document("_id", partition)).first();
        return d == null ? new PartitionTally(partition, ProgramTally.EMPTY, -1) : toTally(d);
    }

    @Override
    public boolean replace(PartitionTally next, long expectedOffset) {
        Document document = toDocument(next);
        if (expectedOffset < 0) {
            try {
                tallies.insertOne(document);
                return true;
            } catch (MongoWriteException e) {
                if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                    return false; // another consumer counted this partition first
                }
                throw e;
            }
        }
        return tallies.replaceOne(new Document("_id", next.partition()).append("throughOffset", expectedOffset), document)
                .getMatchedCount() == 1;
    }

    @Override
    public List<PartitionTally> all() {
        List<PartitionTally> all = new ArrayList<>();
        tallies.find().forEach(d -> all.add(toTally(d)));
        return all;
    }

    private static Document toDocument(PartitionTally t) {
        List<Document> tiers = new ArrayList<>();
        t.tally().customersByTier().forEach((tier, customers) -> tiers.add(new Document("tier",
                tier.equals(ProgramTally.NO_TIER) ? null : tier).append("customers", customers)));
        return new Document("_id", t.partition()).append("throughOffset", t.throughOffset())
                .append("pointsOutstanding", t.tally().pointsOutstanding()).append("tiers", tiers);
    }

    private static PartitionTally toTally(Document d) {
        Map<String, Long> customers = new HashMap<>();
        for (Document tier : d.getList("tiers", Document.class, List.of())) {
            String code = tier.getString("tier");
            customers.put(code == null ? ProgramTally.NO_TIER : code, ((Number) tier.get("customers")).longValue());
        }
        return new PartitionTally(((Number) d.get("_id")).intValue(), new ProgramTally(customers,
                ((Number) d.get("pointsOutstanding")).longValue()), ((Number) d.get("throughOffset")).longValue());
    }
}
