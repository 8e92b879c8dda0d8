package dev.loyalty.engine.application;

import dev.loyalty.engine.domain.EarnRate;

import java.time.Instant;
import java.util.List;

/**
 * A recalculation job as operators see it, and where it has got to.
 *
 * @param total        customers it will visit (all accounts when it started, or the ids it was given)
 * @param processed    customers visited so far
 * @param changedTiers customers whose tier changed (would change, in a dry run)
 * @param changedPoints customers whose balance changed (would change, in a dry run)
 * @param skipped      requested customer ids that have no account
 * @param cursor       the last customer id finished, when it runs over all accounts (resume point)
 * @param inFlightUpTo the last customer id of the chunk being written after the cursor, when it runs over all
 *                     accounts (equal to the cursor between chunks): what a job that ended mid-chunk still owes
 * @param failure      why it failed, when {@code state} is FAILED
 */
public record RecalculationJob(String jobId, Options options, State state, long total, long processed, long changedTiers,
                               long changedPoints, long skipped, String cursor, String inFlightUpTo, Instant startedAt,
                               Instant finishedAt, String failure) {

    public enum State { RUNNING, DONE, FAILED }

    /**
     * What to recompute (contract "Recalculation").
     *
     * @param commonEarnRate one rate for everybody instead of each tier's; null: tier rates
     * @param customerIds    only these customers; null: everybody
     * @param dryRun         count what would change, change nothing
     * @param requestedBy    the operator who started it (an API key's name, a token's subject): shown with the job,
     *                       and recorded in the journal entries it causes
     */
    public record Options(boolean tiers, boolean points, EarnRate commonEarnRate, List<String> customerIds, boolean dryRun,
                          String requestedBy) {

        public Options {
            customerIds = customerIds == null ? null : List.copyOf(customerIds);
        }

        public Options(boolean tiers, boolean points, EarnRate commonEarnRate, List<String> customerIds, boolean dryRun) {
            this(tiers, points, commonEarnRate, customerIds, dryRun, null);
        }
    }

    static RecalculationJob started(String jobId, Options options, long total, Instant at) {
        return new RecalculationJob(jobId, options, State.RUNNING, total, 0, 0, 0, 0, null, null, at, null, null);
    }
}
