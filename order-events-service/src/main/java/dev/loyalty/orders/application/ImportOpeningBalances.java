package dev.loyalty.orders.application;

import dev.loyalty.orders.domain.ContentFingerprint;
import dev.loyalty.orders.domain.OpeningBalance;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Use case: an import of opening balances, streamed row by row (a file of millions of rows is
 * never held in memory). Rows go in chunks of {@value #CHUNK_SIZE} lines: each chunk is claimed in
 * one idempotency record, its new rows published pipelined, then the chunk marked published.
 * A bad row is reported and never stops the good ones; re-sending an import publishes nothing twice.
 */
@Service
public class ImportOpeningBalances {

    /** Lines per idempotency record and per pipelined publish. */
    public static final int CHUNK_SIZE = 1_000;
    /** Refusals listed in the response (all are counted). */
    public static final int MAX_LISTED_REJECTIONS = 10_000;

    private final IdempotencyRecords records;
    private final PosEventPublisher publisher;

    public ImportOpeningBalances(IdempotencyRecords records, PosEventPublisher publisher) {
        this.records = records;
        this.publisher = publisher;
    }

    public ImportReport importRows(String importId, Iterator<ImportRow> rows) {
        Tally tally = new Tally();
        List<OpeningBalance> chunk = new ArrayList<>(CHUNK_SIZE);
        long chunkNumber = -1;
        while (rows.hasNext()) {
            ImportRow row = rows.next();
            long rowChunk = (row.line() - 1) / CHUNK_SIZE;
            if (rowChunk != chunkNumber && !chunk.isEmpty()) {
                publishChunk(importId, chunkNumber, chunk, tally);
                chunk.clear();
            }
            chunkNumber = rowChunk;
            if (row instanceof ImportRow.Valid valid) {
                chunk.add(valid.balance());
            } else {
                tally.reject((ImportRow.Rejected) row);
            }
        }
        if (!chunk.isEmpty()) {
            publishChunk(importId, chunkNumber, chunk, tally);
        }
        return new ImportReport(importId, tally.accepted, tally.duplicates, List.copyOf(tally.listed), tally.rejectedCount);
    }

    private void publishChunk(String importId, long chunkNumber, List<OpeningBalance> chunk, Tally tally) {
        String key = "import:" + importId + ":" + chunkNumber;
        Map<Long, String> fingerprints = new LinkedHashMap<>();
        chunk.forEach(row -> fingerprints.put(row.line(), ContentFingerprint.of(row.canonicalContent())));
        Map<Long, IdempotencyRecords.Claim> claims = records.claimRows(key, chunkNumber * CHUNK_SIZE + 1, fingerprints);
        List<OpeningBalance> toPublish = new ArrayList<>();
        for (OpeningBalance row : chunk) {
            switch (claims.get(row.line())) {
                case CONFLICT -> tally.reject(new ImportRow.Rejected(row.line(), row.customerId(),
                        "idempotency-conflict: line " + row.line() + " of import " + importId + " was received before with different content"));
                case PUBLISHED -> tally.duplicates++;
                default -> toPublish.add(row);
            }
        }
        if (!toPublish.isEmpty()) {
            publisher.publishOpeningBalances(toPublish);
            records.markPublished(key);
            tally.accepted += toPublish.size();
        }
    }

    private static final class Tally {
        long accepted;
        long duplicates;
        long rejectedCount;
        final List<ImportRow.Rejected> listed = new ArrayList<>();

        void reject(ImportRow.Rejected row) {
            rejectedCount++;
            if (listed.size() < MAX_LISTED_REJECTIONS) {
                listed.add(row);
            }
        }
    }
}
