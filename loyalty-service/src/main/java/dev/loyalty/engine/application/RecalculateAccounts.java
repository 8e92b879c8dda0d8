package dev.loyalty.engine.application;

import dev.loyalty.engine.config.LoyaltyProperties;
import dev.loyalty.engine.domain.AccountEvent;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Use case: recalculate tiers and/or points for everybody, or for given customers (contract
 * "Recalculation"). Starting a job stores it and queues one request for it; exactly one instance
 * runs it, in chunks: one read of the chunk's accounts, the rule applied to each in memory, one
 * revision-guarded bulk write, the changes published, then the job's progress moved on in one write.
 * <p>
 * Safe under live traffic: a customer's recalculation is one more event applied to their document
 * under its revision, so it lands either before or after each concurrent order, never across one
 * (a write that lost is applied again on the new state). Resumable: after a stop the job resumes
 * after the last finished chunk; a chunk done again changes nothing, its event ids being the same,
 * but publishes what its first pass stored. So a job over everybody spends no write on clearing its
 * outboxes: the cursor says what is published (a customer's next write drops the outbox once the cursor
 * has passed it), and a job that ends mid-chunk without being redone publishes that chunk as it ends.
 */
@Service
public class RecalculateAccounts {

    private final RecalculationJobs jobs;
    private final RecalculationRequests requests;
    private final CustomerAccounts accounts;
    private final ApplyAccountEvents applyAccountEvents;
    private final ProgramStore programStore;
    private final Clock clock;
    private final int chunkSize;

    public RecalculateAccounts(RecalculationJobs jobs, RecalculationRequests requests, CustomerAccounts accounts,
                               ApplyAccountEvents applyAccountEvents, ProgramStore programStore, Clock clock,
                               LoyaltyProperties properties) {
        this.jobs = jobs;
        this.requests = requests;
        this.accounts = accounts;
        this.applyAccountEvents = applyAccountEvents;
        this.programStore = programStore;
        this.clock = clock;
        this.chunkSize = properties.recalculationChunkSize();
    }

    /**
     * Stores the job and queues it.
     *
     * @throws JobAlreadyRunning if a job is running (nothing is started)
     */
    public RecalculationJob start(RecalculationJob.Options requested) {
        RecalculationJob.Options options = requested.customerIds() == null ? requested
                : new RecalculationJob.Options(requested.tiers(), requested.points(), requested.commonEarnRate(),
                requested.customerIds().stream().distinct().toList(), requested.dryRun(), requested.requestedBy());
        long total = options.customerIds() != null ? options.customerIds().size() : accounts.count();
        RecalculationJob job = RecalculationJob.started(UUID.randomUUID().toString(), options, total, clock.instant());
        jobs.startUnlessOneRuns(job).ifPresent(running -> {
            throw new JobAlreadyRunning(running);
        });
        try {
            requests.request(job.jobId(), job.startedAt());
        } catch (RuntimeException e) {
            jobs.finish(job.jobId(), RecalculationJob.State.FAILED, clock.instant(), "could not be queued: " + e.getMessage());
            throw e;
        }
        return job;
    }

    /**
     * Runs (or resumes) a job up to its end, unless {@code stopRequested} says to stop between two chunks.
     * A job that is not running any more (finished, failed, unknown) is left alone, once what a chunk in flight
     * when it ended stored is published.
     */
    public Run run(String jobId, BooleanSupplier stopRequested) {
        Optional<RecalculationJob> found = jobs.find(jobId);
        if (found.isEmpty()) {
            return Run.FINISHED;
        }
        RecalculationJob job = found.get();
        if (job.state() != RecalculationJob.State.RUNNING) {
            publishInterruptedChunk(job); // cancelled while its runner was down
            return Run.FINISHED;
        }
        programStore.refresh(); // tiers edited on another instance just before the job are the ones it applies
        boolean[] cancelled = {false};
        BooleanSupplier stop = () -> stopRequested.getAsBoolean() || (cancelled[0] = !stillRunning(jobId));
        boolean completed = job.options().customerIds() != null ? runOverList(job, stop) : runOverAll(job, stop);
        if (cancelled[0]) {
            return Run.FINISHED; // cancelled: the job is over
        }
        if (!completed) {
            return Run.INTERRUPTED;
        }
        jobs.finish(jobId, RecalculationJob.State.DONE, clock.instant(), null);
        return Run.FINISHED;
    }

    /** Marks a running job FAILED (a new one may then start), and publishes what its chunk in flight stored. */
    public void fail(String jobId, String reason) {
        jobs.finish(jobId, RecalculationJob.State.FAILED, clock.instant(), reason);
        jobs.find(jobId).ifPresent(this::publishInterruptedChunk);
    }

    /**
     * An operator stops a running job: it ends FAILED at once (a new one may start) and its runner stops
     * after the chunk it is on. What it changed stays changed, each change in the journal.
     *
     * @throws JobNotRunning if it has already ended
     */
    public RecalculationJob cancel(String jobId) {
        RecalculationJob job = jobs.find(jobId).orElseThrow(() -> new UnknownJob(jobId));
        if (!jobs.finish(jobId, RecalculationJob.State.FAILED, clock.instant(), "cancelled by an operator")) {
            throw new JobNotRunning(jobId, jobs.find(jobId).map(RecalculationJob::state).orElse(job.state()));
        }
        return jobs.find(jobId).orElseThrow();
    }

    public Optional<RecalculationJob> job(String jobId) {
        return jobs.find(jobId);
    }

    public List<RecalculationJob> recent(int limit) {
        return jobs.recent(limit);
    }

    private boolean stillRunning(String jobId) {
        return jobs.find(jobId).map(j -> j.state() == RecalculationJob.State.RUNNING).orElse(false);
    }

    private boolean runOverAll(RecalculationJob job, BooleanSupplier stopRequested) {
        try (Stream<String> ids = accounts.customerIdsAfter(job.cursor())) {
            Iterator<String> next = ids.iterator();
            List<String> chunk = new ArrayList<>(chunkSize);
            while (next.hasNext()) {
                chunk.add(next.next());
                if (chunk.size() == chunkSize || !next.hasNext()) {
                    if (stopRequested.getAsBoolean()) {
                        return false;
                    }
                    jobs.recordChunkStart(job.jobId(), chunk.get(chunk.size() - 1));
                    process(job, chunk, chunk.get(chunk.size() - 1));
                    chunk = new ArrayList<>(chunkSize);
                }
            }
        }
        return true;
    }

    private boolean runOverList(RecalculationJob job, BooleanSupplier stopRequested) {
        List<String> ids = job.options().customerIds();
        for (int from = (int) job.processed(); from < ids.size(); from += chunkSize) {
            if (stopRequested.getAsBoolean()) {
                return false;
            }
            process(job, ids.subList(from, Math.min(from + chunkSize, ids.size())), null);
        }
        return true;
    }

    private void process(RecalculationJob job, List<String> customerIds, String cursor) {
        RecalculationJob.Options options = job.options();
        Instant at = job.startedAt(); // the journal dates every change of the job at its start
        List<AccountEvent.Recalculated> events = customerIds.stream()
                .map(id -> new AccountEvent.Recalculated("recalculation:" + job.jobId() + ":" + id, id, at,
                        options.tiers(), options.points(), options.commonEarnRate(), options.requestedBy()))
                .toList();
        // Over everybody, the cursor is recorded once the chunk is published, so its redo stands in for clearing its
        // outboxes. An id whose order Java and the store may disagree on keeps an outbox that is cleared.
        Function<String, Redelivery> redo = cursor == null ? id -> null
                : id -> JobPosition.ordersAlike(id) ? new JobPosition(job.jobId(), id) : null;
        ApplyAccountEvents.Recalculations done = applyAccountEvents.recalculate(events, options.dryRun(), redo);
        jobs.recordProgress(job.jobId(), cursor, done.visited(), done.changedTiers(), done.changedPoints(), done.unknown());
    }

    /**
     * A job over everybody that ended with a chunk written and not known published (its runner stopped mid-chunk,
     * then an operator cancelled it; or it failed) is never redone: what that chunk stored is published here, and
     * the cursor moves past it, so no customer's later write takes those changes for published before they are.
     */
    private void publishInterruptedChunk(RecalculationJob job) {
        String upTo = job.inFlightUpTo();
        if (upTo == null || upTo.equals(job.cursor())) {
            return;
        }
        try (Stream<String> ids = accounts.customerIdsAfter(job.cursor())) {
            applyAccountEvents.publishLeftByJob(job.jobId(), ids.takeWhile(id -> id.compareTo(upTo) <= 0).toList());
        }
        jobs.recordProgress(job.jobId(), upTo, 0, 0, 0, 0);
    }

    /** How a run ended: the job is over (DONE, or was already), or it stopped between chunks to resume later. */
    public enum Run { FINISHED, INTERRUPTED }

    /** No such job. */
    public static class UnknownJob extends RuntimeException {

        public UnknownJob(String jobId) {
            super("Recalculation " + jobId + " not found.");
        }
    }

    /** The job has already ended. */
    public static class JobNotRunning extends RuntimeException {

        public JobNotRunning(String jobId, RecalculationJob.State state) {
            super("Recalculation " + jobId + " is " + state + ", not running.");
        }
    }

    /** A job is running: one at a time. */
    public static class JobAlreadyRunning extends RuntimeException {

        private final String runningJobId;

        public JobAlreadyRunning(String runningJobId) {
            super("Recalculation " + runningJobId + " is running; one job runs at a time. "
                    + "Follow it at /api/v1/recalculations/" + runningJobId + ".");
            this.runningJobId = runningJobId;
        }

        public String runningJobId() {
            return runningJobId;
        }
    }
}
