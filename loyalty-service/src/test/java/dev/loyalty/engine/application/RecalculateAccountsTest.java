package dev.loyalty.engine.application;

import dev.loyalty.engine.config.LoyaltyProperties;
import dev.loyalty.engine.domain.AccountChange;
import dev.loyalty.engine.domain.AccountEvent;
import dev.loyalty.engine.domain.ChangeReason;
import dev.loyalty.engine.domain.CustomerAccount;
import dev.loyalty.engine.domain.EarnRate;
import dev.loyalty.engine.domain.Tier;
import dev.loyalty.engine.domain.TierPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The recalculation job over many customers, in chunks: counts, dry run, skipped ids, resume, one at a time. */
class RecalculateAccountsTest {

    private static final Instant AT = Instant.parse("2026-11-24T03:00:00Z");
    private static final TierPolicy GOLD_FROM_5M = TierPolicy.of(List.of(
            new Tier("SILVER", "Silver", 1_000_000, null, new EarnRate(10_000, 2), 0, true),
            new Tier("GOLD", "Gold", 5_000_000, null, new EarnRate(10_000, 3), 0, true)));

    private final ApplyAccountEventsTest.InMemoryAccounts accounts = new ApplyAccountEventsTest.InMemoryAccounts();
    private final ApplyAccountEventsTest.RecordingPublisher publisher = new ApplyAccountEventsTest.RecordingPublisher();
    private final ApplyAccountEventsTest.FixedProgram program = new ApplyAccountEventsTest.FixedProgram();
    private final InMemoryJobs jobs = new InMemoryJobs();
    private final List<String> queued = new ArrayList<>();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-30T00:00:00Z"), ZoneOffset.UTC);
    private final ApplyAccountEvents apply = new ApplyAccountEvents(accounts, program, publisher,
            (event, reason) -> { throw new AssertionError(reason); }, new ApplyAccountEventsTest.InMemoryOrderOwners(),
            () -> HandledPositions.NONE, jobs, clock, new RecentHistory(new InMemoryArchive(), 128));
    private final RecalculateAccounts recalculate = new RecalculateAccounts(jobs, (jobId, at) -> queued.add(jobId), accounts,
            apply, program, clock, new LoyaltyProperties("in", "out", 12, (short) 1, Duration.ofDays(7), "jobs", 2,
                    Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30), 128,
                    new LoyaltyProperties.Console("http://orders", "http://audit")));

    /** Five customers who bought before any tier existed: 1, 2, ..., 5 times 1,200,000 at 1 point per 10,000. */
    @BeforeEach
    void givenFiveCustomersWhoBoughtBeforeTiersExisted() {
        for (int c = 1; c <= 5; c++) {
            apply.apply(new AccountEvent.OrderPlaced("e-" + c, "c-" + c, "o-" + c, c * 1_200_000L, AT));
        }
        publisher.published.clear();
        program.saveTiers(GOLD_FROM_5M);
    }

    @Test
    void aJobOverEverybodyPlacesEachCustomerRecomputesTheirPointsAndCountsWhatChanged() {
        RecalculationJob job = recalculate.start(options(true, true, null, null, false));
        assertThat(queued).containsExactly(job.jobId());

        assertThat(recalculate.run(job.jobId(), () -> false)).isEqualTo(RecalculateAccounts.Run.FINISHED);

        RecalculationJob done = jobs.find(job.jobId()).orElseThrow();
        assertThat(done.state()).isEqualTo(RecalculationJob.State.DONE);
        assertThat(done.processed()).isEqualTo(5).isEqualTo(done.total());
        assertThat(done.changedTiers()).as("all five reach Silver or Gold").isEqualTo(5);
        assertThat(done.changedPoints()).isEqualTo(5);
        assertThat(tierOf("c-4")).isEqualTo("SILVER");
        assertThat(tierOf("c-5")).isEqualTo("GOLD");
        assertThat(balanceOf("c-5")).as("6,000,000 at Gold's 3 per 10,000").isEqualTo(1_800);
        assertThat(balanceOf("c-1")).as("1,200,000 at Silver's 2 per 10,000").isEqualTo(240);
        assertThat(publisher.published).hasSize(10).allSatisfy(c -> assertThat(c.reason()).isEqualTo(ChangeReason.RECALCULATION));
        assertThat(publisher.published).allSatisfy(c -> assertThat(c.occurredAt()).isEqualTo(done.startedAt()));
    }

    @Test
    void aSecondRunOfTheSameRecalculationChangesNothing() {
        RecalculationJob first = recalculate.start(options(true, true, null, null, false));
        recalculate.run(first.jobId(), () -> false);
        int published = publisher.published.size();

        RecalculationJob second = recalculate.start(options(true, true, null, null, false));
        recalculate.run(second.jobId(), () -> false);

        RecalculationJob done = jobs.find(second.jobId()).orElseThrow();
        assertThat(done.state()).isEqualTo(RecalculationJob.State.DONE);
        assertThat(done.processed()).isEqualTo(5);
        assertThat(done.changedTiers()).isZero();
        assertThat(done.changedPoints()).isZero();
        assertThat(publisher.published).hasSize(published);
    }

    @Test
    void aDryRunCountsWhatWouldChangeAndChangesNothing() {
        Map<String, CustomerAccount> before = snapshot();

        RecalculationJob job = recalculate.start(options(true, true, null, null, true));
        recalculate.run(job.jobId(), () -> false);

        RecalculationJob done = jobs.find(job.jobId()).orElseThrow();
        assertThat(done.changedTiers()).isEqualTo(5);
        assertThat(done.changedPoints()).isEqualTo(5);
        assertThat(snapshot()).isEqualTo(before);
        assertThat(publisher.published).isEmpty();
    }

    @Test
    void givenCustomerIdsOnlyThoseAreRecalculatedAndUnknownIdsAreSkippedAndCounted() {
        RecalculationJob job = recalculate.start(options(true, false, null, List.of("c-5", "nobody", "c-1", "c-5"), false));
        recalculate.run(job.jobId(), () -> false);

        RecalculationJob done = jobs.find(job.jobId()).orElseThrow();
        assertThat(done.total()).as("duplicates count once").isEqualTo(3);
        assertThat(done.processed()).isEqualTo(3);
        assertThat(done.skipped()).isEqualTo(1);
        assertThat(done.changedTiers()).isEqualTo(2);
        assertThat(done.changedPoints()).as("tiers only").isZero();
        assertThat(tierOf("c-5")).isEqualTo("GOLD");
        assertThat(tierOf("c-3")).as("not asked for").isNull();
        assertThat(accounts.stored).doesNotContainKey("nobody");
    }

    @Test
    void aCommonEarnRateGivesEverybodyTheSameRate() {
        RecalculationJob job = recalculate.start(options(false, true, new EarnRate(100_000, 1), null, false));
        recalculate.run(job.jobId(), () -> false);

        assertThat(balanceOf("c-5")).as("6,000,000 at 1 per 100,000").isEqualTo(60);
        assertThat(tierOf("c-5")).as("tiers not recalculated").isNull();
    }

    @Test
    void givenAStopBetweenChunksWhenTheJobIsDeliveredAgainThenItResumesAndAppliesEachCustomerOnce() {
        RecalculationJob job = recalculate.start(options(true, true, null, null, false));
        int[] chunks = {0};

        assertThat(recalculate.run(job.jobId(), () -> chunks[0]++ >= 1)).isEqualTo(RecalculateAccounts.Run.INTERRUPTED);
        RecalculationJob halfway = jobs.find(job.jobId()).orElseThrow();
        assertThat(halfway.state()).isEqualTo(RecalculationJob.State.RUNNING);
        assertThat(halfway.processed()).as("one chunk of two").isEqualTo(2);

        assertThat(recalculate.run(job.jobId(), () -> false)).isEqualTo(RecalculateAccounts.Run.FINISHED);
        assertThat(recalculate.run(job.jobId(), () -> false)).as("a late redelivery of a finished job").isEqualTo(RecalculateAccounts.Run.FINISHED);

        RecalculationJob done = jobs.find(job.jobId()).orElseThrow();
        assertThat(done.processed()).isEqualTo(5);
        assertThat(done.changedTiers()).isEqualTo(5);
        Map<String, Long> changesPerCustomer = publisher.published.stream()
                .collect(Collectors.groupingBy(AccountChange::customerId, Collectors.counting()));
        assertThat(changesPerCustomer).hasSize(5).allSatisfy((customer, changes) -> assertThat(changes).isEqualTo(2));
    }

    @Test
    void oneJobRunsAtATimeAndASecondRequestNamesTheRunningOne() {
        RecalculationJob running = recalculate.start(options(true, true, null, null, false));

        assertThatThrownBy(() -> recalculate.start(options(true, true, null, null, false)))
                .isInstanceOfSatisfying(RecalculateAccounts.JobAlreadyRunning.class,
                        e -> assertThat(e.runningJobId()).isEqualTo(running.jobId()));
        assertThat(queued).hasSize(1);

        recalculate.run(running.jobId(), () -> false);
        assertThat(recalculate.start(options(true, true, null, null, false)).jobId()).isNotEqualTo(running.jobId());
    }

    @Test
    void anOperatorCancelsARunningJobItsRunnerStopsAfterItsChunkAndANewJobMayStart() {
        RecalculationJob job = recalculate.start(options(true, true, null, null, false));
        int[] chunks = {0};

        RecalculateAccounts.Run run = recalculate.run(job.jobId(), () -> {
            if (++chunks[0] == 2) {
                recalculate.cancel(job.jobId()); // the operator, while the first chunk is done
            }
            return false;
        });

        RecalculationJob cancelled = jobs.find(job.jobId()).orElseThrow();
        assertThat(run).isEqualTo(RecalculateAccounts.Run.FINISHED);
        assertThat(cancelled.state()).isEqualTo(RecalculationJob.State.FAILED);
        assertThat(cancelled.failure()).isEqualTo("cancelled by an operator");
        assertThat(cancelled.processed()).as("the chunk done before the cancellation stays done").isEqualTo(2);
        assertThat(publisher.published).extracting(AccountChange::customerId).containsOnly("c-1", "c-2");
        assertThatThrownBy(() -> recalculate.cancel(job.jobId())).isInstanceOf(RecalculateAccounts.JobNotRunning.class);
        assertThat(recalculate.start(options(true, true, null, null, false)).jobId()).isNotEqualTo(job.jobId());
    }

    @Test
    void aJobOverEverybodySpendsNoWriteOnClearingItsOutboxesAndACustomersNextOrderPublishesOnlyItsOwnChange() {
        RecalculationJob job = recalculate.start(options(true, true, null, null, false));
        accounts.clears = 0;
        recalculate.run(job.jobId(), () -> false);
        assertThat(publisher.published).hasSize(10);

        assertThat(accounts.clears).as("the job's cursor stands in for the clearing writes").isZero();
        assertThat(new RelayPendingChanges(accounts, publisher, apply, clock).backlog()).as("nothing for the relay").isZero();

        assertThatTheNextOrderOf("c-5").publishesOnlyItsOwnChange();
    }

    @Test
    void givenACrashBeforeAChunkIsPublishedWhenTheJobIsDeliveredAgainThenEveryChangeIsPublishedOnce() {
        RecalculationJob job = jobWhoseRunnerCrashedAfterStoringItsFirstChunk();

        assertThat(recalculate.run(job.jobId(), () -> false)).isEqualTo(RecalculateAccounts.Run.FINISHED);

        assertThat(publisher.published).hasSize(10).extracting(AccountChange::eventId).doesNotHaveDuplicates();
        assertThat(publisher.published).extracting(AccountChange::customerId).contains("c-1", "c-2");
        RecalculationJob done = jobs.find(job.jobId()).orElseThrow();
        assertThat(done.changedTiers()).as("the chunk stored before the crash counts too").isEqualTo(5);
        assertThat(done.changedPoints()).isEqualTo(5);
    }

    @Test
    void givenARunnerThatStoppedMidChunkWhenAnOperatorCancelsTheJobThenItsRedeliveryPublishesWhatThatChunkStored() {
        RecalculationJob job = jobWhoseRunnerCrashedAfterStoringItsFirstChunk();

        recalculate.cancel(job.jobId()); // while the runner is down
        assertThat(recalculate.run(job.jobId(), () -> false)).isEqualTo(RecalculateAccounts.Run.FINISHED);

        assertThat(publisher.published).hasSize(4).extracting(AccountChange::customerId).containsOnly("c-1", "c-2");
        assertThat(tierOf("c-3")).as("the cancelled job goes no further").isNull();
        assertThatTheNextOrderOf("c-1").publishesOnlyItsOwnChange(); // the chunk's changes are not sent again
    }

    @Test
    void givenAJobThatFailsAfterAChunkWasStoredThenWhatThatChunkStoredIsPublished() {
        RecalculationJob job = jobWhoseRunnerCrashedAfterStoringItsFirstChunk();

        recalculate.fail(job.jobId(), "a bug");

        assertThat(jobs.find(job.jobId()).orElseThrow().state()).isEqualTo(RecalculationJob.State.FAILED);
        assertThat(publisher.published).hasSize(4).extracting(AccountChange::customerId).containsOnly("c-1", "c-2");
    }

    /** The first chunk (c-1, c-2) is stored, then the runner dies before publishing it. */
    private RecalculationJob jobWhoseRunnerCrashedAfterStoringItsFirstChunk() {
        RecalculationJob job = recalculate.start(options(true, true, null, null, false));
        publisher.failNext = true;
        assertThatThrownBy(() -> recalculate.run(job.jobId(), () -> false)).hasMessageContaining("crash");
        assertThat(publisher.published).isEmpty();
        assertThat(tierOf("c-1")).as("the first chunk was stored").isEqualTo("SILVER");
        return job;
    }

    private NextOrder assertThatTheNextOrderOf(String customerId) {
        return () -> {
            publisher.published.clear();
            apply.apply(new AccountEvent.OrderPlaced("next-" + customerId, customerId, "next-o-" + customerId, 100_000,
                    AT.plusSeconds(3_600)));
            assertThat(publisher.published).singleElement()
                    .satisfies(change -> assertThat(change.reason()).isNotEqualTo(ChangeReason.RECALCULATION));
        };
    }

    private interface NextOrder {
        void publishesOnlyItsOwnChange();
    }

    private static RecalculationJob.Options options(boolean tiers, boolean points, EarnRate rate, List<String> ids, boolean dryRun) {
        return new RecalculationJob.Options(tiers, points, rate, ids, dryRun);
    }

    private String tierOf(String customerId) {
        return accounts.stored.get(customerId).account().tier();
    }

    private long balanceOf(String customerId) {
        return accounts.stored.get(customerId).account().pointsBalance();
    }

    private Map<String, CustomerAccount> snapshot() {
        Map<String, CustomerAccount> copy = new LinkedHashMap<>();
        accounts.stored.forEach((id, stored) -> copy.put(id, stored.account()));
        return copy;
    }

    /** The store's rule: one RUNNING job at a time. */
    static final class InMemoryJobs implements RecalculationJobs {
        final Map<String, RecalculationJob> jobs = new LinkedHashMap<>();

        @Override
        public Optional<String> startUnlessOneRuns(RecalculationJob job) {
            Optional<String> running = jobs.values().stream().filter(j -> j.state() == RecalculationJob.State.RUNNING)
                    .map(RecalculationJob::jobId).findFirst();
            if (running.isEmpty()) {
                jobs.put(job.jobId(), job);
            }
            return running;
        }

        @Override
        public Optional<RecalculationJob> find(String jobId) {
            return Optional.ofNullable(jobs.get(jobId));
        }

        @Override
        public List<RecalculationJob> recent(int limit) {
            return jobs.values().stream().sorted(Comparator.comparing(RecalculationJob::startedAt).reversed()).limit(limit).toList();
        }

        @Override
        public void recordChunkStart(String jobId, String inFlightUpTo) {
            RecalculationJob j = jobs.get(jobId);
            jobs.put(jobId, new RecalculationJob(jobId, j.options(), j.state(), j.total(), j.processed(), j.changedTiers(),
                    j.changedPoints(), j.skipped(), j.cursor(), inFlightUpTo, j.startedAt(), j.finishedAt(), j.failure()));
        }

        @Override
        public void recordProgress(String jobId, String cursor, long processed, long changedTiers, long changedPoints, long skipped) {
            RecalculationJob j = jobs.get(jobId);
            jobs.put(jobId, new RecalculationJob(jobId, j.options(), j.state(), j.total(), j.processed() + processed,
                    j.changedTiers() + changedTiers, j.changedPoints() + changedPoints, j.skipped() + skipped,
                    cursor == null ? j.cursor() : cursor, j.inFlightUpTo(), j.startedAt(), j.finishedAt(), j.failure()));
        }

        @Override
        public boolean finish(String jobId, RecalculationJob.State state, Instant finishedAt, String failure) {
            RecalculationJob j = jobs.get(jobId);
            if (j.state() != RecalculationJob.State.RUNNING) {
                return false;
            }
            jobs.put(jobId, new RecalculationJob(jobId, j.options(), state, j.total(), j.processed(), j.changedTiers(),
                    j.changedPoints(), j.skipped(), j.cursor(), j.inFlightUpTo(), j.startedAt(), finishedAt, failure));
            return true;
        }
    }
}
