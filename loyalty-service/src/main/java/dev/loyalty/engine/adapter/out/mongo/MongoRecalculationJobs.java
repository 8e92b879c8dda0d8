package dev.loyalty.engine.adapter.out.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import dev.loyalty.engine.application.RecalculationJob;
import dev.loyalty.engine.application.RecalculationJobs;
import dev.loyalty.engine.domain.EarnRate;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Jobs in the {@code recalculation_jobs} collection, one document each. "One job at a time" is a
 * unique index on {@code slot}: a running job holds the slot {@value #RUNNING_SLOT}, a finished one
 * its own id, so a second insert of a running job fails in the store itself, whichever instance tries.
 */
@Component
class MongoRecalculationJobs implements RecalculationJobs {

    static final String RUNNING_SLOT = "running";

    private final MongoCollection<Document> jobs;

    MongoRecalculationJobs(MongoTemplate mongo) {
        this.jobs = mongo.getCollection("recalculation_jobs");
        jobs.createIndex(Indexes.ascending("slot"), new IndexOptions().name("one_running_job").unique(true));
        jobs.createIndex(Indexes.descending("startedAt"), new IndexOptions().name("started_at"));
    }

    @Override
    public Optional<String> startUnlessOneRuns(RecalculationJob job) {
        while (true) {
            try {
                jobs.insertOne(toDocument(job).append("slot", RUNNING_SLOT));
                return Optional.empty();
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
            Document running = jobs.find(new Document("slot", RUNNING_SLOT)).first();
            if (running != null) {
                return Optional.of(running.getString("_id"));
            } // it ended between the two calls: the slot is free, try again
        }
    }

    @Override
    public Optional<RecalculationJob> find(String jobId) {
        return Optional.ofNullable(jobs.find(new Document("_id", jobId)).first()).map(MongoRecalculationJobs::toJob);
    }

    @Override
    public List<RecalculationJob> recent(int limit) {
        List<RecalculationJob> recent = new ArrayList<>();
        jobs.find().sort(new Document("startedAt", -1)).limit(limit).forEach(d -> recent.add(toJob(d)));
        return recent;
    }

    @Override
    public void recordChunkStart(String jobId, String inFlightUpTo) {
        jobs.updateOne(new Document("_id", jobId), new Document("$set", new Document("inFlightUpTo", inFlightUpTo)));
    }

    @Override
    public void recordProgress(String jobId, String cursor, long processed, long changedTiers, long changedPoints, long skipped) {
        Document update = new Document("$inc", new Document("processed", processed).append("changedTiers", changedTiers)
                .append("changedPoints", changedPoints).append("skipped", skipped));
        if (cursor != null) {
            update.append("$set", new Document("cursor", cursor));
        }
        jobs.updateOne(new Document("_id", jobId), update);
    }

    @Override
    public boolean finish(String jobId, RecalculationJob.State state, Instant finishedAt, String failure) {
        // conditional on RUNNING, so a cancellation and the runner's own end cannot overwrite each other
        return jobs.updateOne(new Document("_id", jobId).append("state", RecalculationJob.State.RUNNING.name()),
                new Document("$set", new Document("state", state.name()).append("finishedAt", Date.from(finishedAt))
                        .append("failure", failure).append("slot", jobId))).getModifiedCount() == 1;
    }

    private static Document toDocument(RecalculationJob job) {
        RecalculationJob.Options o = job.options();
        return new Document("_id", job.jobId()).append("state", job.state().name())
                .append("tiers", o.tiers()).append("points", o.points())
                .append("commonEarnRate", o.commonEarnRate() == null ? null
                        : new Document("spend", o.commonEarnRate().spend()).append("points", o.commonEarnRate().points()))
                .append("customerIds", o.customerIds()).append("dryRun", o.dryRun()).append("requestedBy", o.requestedBy())
                .append("total", job.total()).append("processed", job.processed()).append("changedTiers", job.changedTiers())
                .append("changedPoints", job.changedPoints()).append("skipped", job.skipped()).append("cursor", job.cursor())
                .append("inFlightUpTo", job.inFlightUpTo())
                .append("startedAt", Date.from(job.startedAt()))
                .append("finishedAt", job.finishedAt() == null ? null : Date.from(job.finishedAt()))
                .append("failure", job.failure());
    }

    private static RecalculationJob toJob(Document d) {
        Document rate = d.get("commonEarnRate", Document.class);
        RecalculationJob.Options options = new RecalculationJob.Options(d.getBoolean("tiers"), d.getBoolean("points"),
                rate == null ? null : new EarnRate(rate.getLong("spend"), rate.getLong("points")),
                d.getList("customerIds", String.class), d.getBoolean("dryRun"), d.getString("requestedBy"));
        Date finishedAt = d.getDate("finishedAt");
        return new RecalculationJob(d.getString("_id"), options, RecalculationJob.State.valueOf(d.getString("state")),
                number(d, "total"), number(d, "processed"), number(d, "changedTiers"), number(d, "changedPoints"),
                number(d, "skipped"), d.getString("cursor"), d.getString("inFlightUpTo"), d.getDate("startedAt").toInstant(),
                finishedAt == null ? null : finishedAt.toInstant(), d.getString("failure"));
    }

    /** Counters are written as longs but may come back as ints after {@code $inc} on some servers. */
    private static long number(Document d, String field) {
        Number n = d.get(field, Number.class);
        return n == null ? 0 : n.longValue();
    }
}
