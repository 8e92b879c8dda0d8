package dev.loyalty.audit.adapter.out.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOptions;
import dev.loyalty.audit.application.Arrival;
import dev.loyalty.audit.application.Journal;
import dev.loyalty.audit.domain.ChangeSource;
import dev.loyalty.audit.domain.EntryType;
import dev.loyalty.audit.domain.JournalEntry;
import dev.loyalty.audit.domain.JournalPage;
import dev.loyalty.audit.domain.JournalQuery;
import dev.loyalty.audit.domain.Reason;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The journal in MongoDB, shaped so that every hot query is a plain key lookup (the only kind the
 * stand-in serves from an index, and the cheapest on MongoDB):
 * <ul>
 *   <li>{@code journal}: one document per change, {@code _id = <customerId>:<sequence, 19 digits>}. The
 *       engine gives each change of a customer one sequence number (and one event id), so the unique
 *       {@code _id} makes a redelivered change a no-op in the very insert that would record it.</li>
 *   <li>{@code journal_heads}: per customer the highest sequence and the number of entries, updated after
 *       each new entry. If the service dies in between, the redelivered change (which comes before any
 *       later change of the customer: one partition, in order) finds its entry and a head below its
 *       sequence, and completes the update then.</li>
 * </ul>
 * So a page costs one head read and one {@code _id $in} of at most 500 keys, whatever the journal's
 * length (an unfiltered page is a window of sequence numbers). Filtered reads ({@code from}, {@code to}, {@code type}) use the
 * {@code {customerId, sequence}} index on MongoDB (a scan on the stand-in).
 */
@Component
class MongoJournal implements Journal {

    private static final Logger log = LoggerFactory.getLogger(MongoJournal.class);
    private static final int CHUNK = 500;

    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> heads;

    MongoJournal(MongoTemplate mongo) {
        this.entries = mongo.getCollection("journal");
        this.heads = mongo.getCollection("journal_heads");
        entries.createIndex(Indexes.ascending("customerId"));
        entries.createIndex(Indexes.compoundIndex(Indexes.ascending("customerId"), Indexes.descending("sequence")));
    }

    static String key(String customerId, long sequence) {
        return customerId + ":" + String.format("%019d", sequence);
    }

    /**
     * One unordered {@code insertMany} for the batch, then one upsert per customer on its head. Entries
     * already there (a redelivery) are not written again; if one was written without its head being
     * counted (a crash between the two writes), it is counted now, before the new entries' heads move on.
     * Each entry keeps the record it was written from ({@code partition}, {@code offset}), so a redelivery of that
     * record is told from a republished copy of the change.
     */
    @Override
    public Appended appendAll(List<Arrival> batch) {
        Map<String, Arrival> byKey = new LinkedHashMap<>();
        for (Arrival arrival : batch) {
            JournalEntry entry = arrival.entry();
            Arrival first = byKey.putIfAbsent(key(entry.customerId(), entry.sequence()), arrival);
            if (first != null && !first.entry().entryId().equals(entry.entryId())) {
                conflict(entry, first.entry().entryId());
            }
        }
        List<Arrival> unique = List.copyOf(byKey.values());
        Set<Integer> duplicates = new HashSet<>();
        try {
            entries.insertMany(unique.stream().map(MongoJournal::toDocument).toList(), new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                duplicates.add(error.getIndex());
            }
        }
        Set<String> written = new LinkedHashSet<>();
        Set<ChangeSource> firstRecordedHere = new LinkedHashSet<>();
        Map<String, long[]> newPerCustomer = new LinkedHashMap<>(); // customer -> {highest sequence, entries}
        List<Arrival> redelivered = new ArrayList<>();
        for (int i = 0; i < unique.size(); i++) {
            Arrival arrival = unique.get(i);
            if (duplicates.contains(i)) {
                redelivered.add(arrival);
            } else {
                written.add(arrival.entry().entryId());
                firstRecordedHere.add(arrival.source());
                long[] head = newPerCustomer.computeIfAbsent(arrival.entry().customerId(), id -> new long[2]);
                head[0] = Math.max(head[0], arrival.entry().sequence());
                head[1]++;
            }
        }
        redelivered.sort(Comparator.comparing((Arrival a) -> a.entry().customerId()).thenComparingLong(a -> a.entry().sequence()));
        for (Arrival arrival : redelivered) {
            if (repairHead(arrival)) {
                firstRecordedHere.add(arrival.source());
            }
        }
        if (!newPerCustomer.isEmpty()) {
            heads.bulkWrite(newPerCustomer.entrySet().stream().<WriteModel<Document>>map(e -> new UpdateOneModel<>(
                            new Document("_id", e.getKey()),
                            new Document("$max", new Document("sequence", e.getValue()[0])).append("$inc", new Document("count", e.getValue()[1])),
                            new UpdateOptions().upsert(true))).toList(),
                    new BulkWriteOptions().ordered(false));
        }
        return new Appended(written, firstRecordedHere);
    }

    /**
     * An entry that was already there: the same change (or a conflicting one, logged); its head counted if it was not.
     *
     * @return whether it was recorded from this very record (a redelivery, not a republished copy)
     */
    private boolean repairHead(Arrival arrival) {
        JournalEntry entry = arrival.entry();
        Document existing = entries.find(new Document("_id", key(entry.customerId(), entry.sequence()))).first();
        if (existing != null && !entry.entryId().equals(existing.getString("entryId"))) {
            conflict(entry, existing.getString("entryId"));
        }
        if (head(entry.customerId()).highest() < entry.sequence()) {
            countInHead(entry); // the entry was written but the head update was not: a crash in between
        }
        return existing != null && arrival.source() != null && existing.get("offset") instanceof Number offset
                && existing.get("partition") instanceof Number partition
                && new ChangeSource(partition.intValue(), offset.longValue()).equals(arrival.source());
    }

    private static void conflict(JournalEntry entry, String recordedId) {
        log.error("Change {} of customer {} arrived with event id {}, but {} is recorded: kept the first",
                entry.sequence(), entry.customerId(), entry.entryId(), recordedId);
    }

    private void countInHead(JournalEntry entry) {
        heads.updateOne(new Document("_id", entry.customerId()),
                new Document("$max", new Document("sequence", entry.sequence())).append("$inc", new Document("count", 1L)),
                new UpdateOptions().upsert(true));
    }

    @Override
    public JournalPage page(JournalQuery query) {
        Head head = head(query.customerId());
        long count = head.count();
        long highest = head.highest();
        boolean complete = JournalPage.isComplete(count, highest);
        if (!filtered(query)) {
            long top = highest - (long) query.page() * query.size();
            List<JournalEntry> items = window(query.customerId(), top, Math.max(1, top - query.size() + 1));
            return new JournalPage(items, query.page(), query.size(), count, complete);
        }
        Document filter = filterOf(query);
        List<JournalEntry> items = new ArrayList<>();
        entries.find(filter).sort(new Document("sequence", -1)).skip(query.page() * query.size()).limit(query.size())
                .forEach(d -> items.add(toEntry(d)));
        return new JournalPage(items, query.page(), query.size(), entries.countDocuments(filter), complete);
    }

    @Override
    public void forEach(JournalQuery query, Consumer<JournalEntry> action) {
        if (!filtered(query)) {
            for (long top = head(query.customerId()).highest(); top >= 1; top -= CHUNK) {
                window(query.customerId(), top, Math.max(1, top - CHUNK + 1)).forEach(action);
            }
            return;
        }
        entries.find(filterOf(query)).sort(new Document("sequence", -1)).batchSize(CHUNK).forEach(d -> action.accept(toEntry(d)));
    }

    /** The entries with sequences {@code top} down to {@code bottom}, newest first; missing ones are gaps. */
    private List<JournalEntry> window(String customerId, long top, long bottom) {
        if (top < 1) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        for (long sequence = top; sequence >= bottom; sequence--) {
            keys.add(key(customerId, sequence));
        }
        List<JournalEntry> items = new ArrayList<>();
        entries.find(new Document("_id", new Document("$in", keys))).forEach(d -> items.add(toEntry(d)));
        items.sort(Comparator.comparingLong(JournalEntry::sequence).reversed());
        return items;
    }

    private Head head(String customerId) {
        Document head = heads.find(new Document("_id", customerId)).first();
        return head == null ? new Head(0, 0)
                : new Head(((Number) head.get("sequence")).longValue(), ((Number) head.get("count")).longValue());
    }

    private record Head(long highest, long count) {
    }

    private static boolean filtered(JournalQuery query) {
        return query.from() != null || query.to() != null || !query.types().isEmpty();
    }

    private static Document filterOf(JournalQuery query) {
        Document filter = new Document("customerId", query.customerId());
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
        return filter;
    }

    private static Document toDocument(Arrival arrival) {
        JournalEntry e = arrival.entry();
        Document document = new Document("_id", key(e.customerId(), e.sequence()))
                .append("entryId", e.entryId())
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
                .append("sourceEventId", e.sourceEventId())
                .append("actor", e.actor())
                .append("note", e.note());
        if (arrival.source() != null) {
            document.append("partition", arrival.source().partition()).append("offset", arrival.source().offset());
        }
        return document;
    }

    private static JournalEntry toEntry(Document d) {
        return new JournalEntry(d.getString("entryId"), d.getString("customerId"), d.getLong("sequence"),
                d.getDate("occurredAt").toInstant(), d.getDate("recordedAt").toInstant(),
                EntryType.valueOf(d.getString("type")), d.getLong("pointsDelta"), d.getLong("pointsBalance"),
                d.getString("tierBefore"), d.getString("tierAfter"), Reason.valueOf(d.getString("reason")),
                d.getString("orderId"), d.getString("sourceEventId"), d.getString("actor"), d.getString("note"));
    }
}
