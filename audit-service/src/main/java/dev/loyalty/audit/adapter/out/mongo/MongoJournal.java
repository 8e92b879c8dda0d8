package dev.loyalty.audit.adapter.out.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import dev.loyalty.audit.application.Journal;
import dev.loyalty.audit.domain.EntryType;
import dev.loyalty.audit.domain.JournalEntry;
import dev.loyalty.audit.domain.JournalPage;
import dev.loyalty.audit.domain.JournalQuery;
import dev.loyalty.audit.domain.Reason;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Journal entries in the {@code journal} collection, {@code _id} = the change's event id, so the
 * unique {@code _id} index makes a redelivered change a no-op in the same write that would record it.
 */
@Component
class MongoJournal implements Journal {

    private final MongoCollection<Document> entries;

    MongoJournal(MongoTemplate mongo) {
        this.entries = mongo.getCollection("journal");
        entries.createIndex(Indexes.ascending("customerId"));
        entries.createIndex(Indexes.compoundIndex(Indexes.ascending("customerId"), Indexes.descending("sequence")));
    }

    @Override
    public boolean append(JournalEntry entry) {
        try {
            entries.insertOne(toDocument(entry));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public JournalPage page(JournalQuery query) {
        Document ofCustomer = new Document("customerId", query.customerId());
        Document filter = new Document(ofCustomer);
        Document occurred = new Document();
        if (query.from() != null) {
            occurred.append("$gte", Date.from(query.from()));
        }
        if (query.to() != null) {
            occurred.append("$lt", Date.from(query.to()));
        }
        if (!occurred.isEmpty()) {
            filter.append("occurredAt", occurred);
        }
        if (!query.types().isEmpty()) {
            filter.append("type", new Document("$in", query.types().stream().map(Enum::name).toList()));
        }
        List<JournalEntry> items = new ArrayList<>();
        entries.find(filter).sort(new Document("sequence", -1))
                .skip(query.page() * query.size()).limit(query.size())
                .forEach(d -> items.add(toEntry(d)));
        long total = filter.equals(ofCustomer) ? -1 : entries.countDocuments(filter);
        long all = entries.countDocuments(ofCustomer);
        Document newest = entries.find(ofCustomer).sort(new Document("sequence", -1)).limit(1).first();
        long highest = newest == null ? 0 : newest.getLong("sequence");
        return new JournalPage(items, query.page(), query.size(), total < 0 ? all : total, JournalPage.isComplete(all, highest));
    }

    private static Document toDocument(JournalEntry e) {
        return new Document("_id", e.entryId())
                .append("customerId", e.customerId())
                .append("sequence", e.sequence())
                .append("occurredAt", Date.from(e.occurredAt()))
                .append("recordedAt", Date.from(e.recordedAt()))
                .append("type", e.type().name())
                .append("pointsDelta", e.pointsDelta())
                .append("pointsBalance", e.pointsBalance())
                .append("tierBefore", e.tierBefore())
                .append("tierAfter", e.tierAfter())
                .append("reason", e.reason().name())
                .append("orderId", e.orderId())
                .append("sourceEventId", e.sourceEventId());
    }

    private static JournalEntry toEntry(Document d) {
        return new JournalEntry(d.getString("_id"), d.getString("customerId"), d.getLong("sequence"),
                d.getDate("occurredAt").toInstant(), d.getDate("recordedAt").toInstant(),
                EntryType.valueOf(d.getString("type")), d.getLong("pointsDelta"), d.getLong("pointsBalance"),
                d.getString("tierBefore"), d.getString("tierAfter"), Reason.valueOf(d.getString("reason")),
                d.getString("orderId"), d.getString("sourceEventId"));
    }
}
