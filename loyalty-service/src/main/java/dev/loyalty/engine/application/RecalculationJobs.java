package dev.loyalty.engine.application;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: where recalculation jobs and their progress are kept. */
public interface RecalculationJobs {

    /**
     * Stores a new RUNNING job, unless another job is running: at most one runs at a time, and the
     * store itself enforces it (two instances racing cannot both start one).
     *
     * @return the id of the job already running, if there is one (then nothing was stored)
     */
    Optional<String> startUnlessOneRuns(RecalculationJob job);

    Optional<RecalculationJob> find(String jobId);

    /** The latest jobs, newest first. */
    List<RecalculationJob> recent(int limit);

    /** Before a chunk over all accounts is written: its last customer id ({@link RecalculationJob#inFlightUpTo}). */
    void recordChunkStart(String jobId, String inFlightUpTo);

    /** Adds a finished chunk's counts and moves the resume point, in one atomic write (whatever the job's state). */
    void recordProgress(String jobId, String cursor, long processed, long changedTiers, long changedPoints, long skipped);

    /**
     * Ends the job (DONE or FAILED) if it is still RUNNING; another job may start from then on.
     *
     * @return false if it had already ended (finished, failed or cancelled): nothing changed
     */
    boolean finish(String jobId, RecalculationJob.State state, Instant finishedAt, String failure);
}
