package dev.loyalty.engine.adapter.out.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.loyalty.engine.application.RecalculationJob;
import dev.loyalty.support.test.MongoStandIn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a recalculation's exactly-once relies on in the job store: the chunk in flight is kept, and a chunk finished
 * after an operator cancelled the job still moves its cursor (its changes are published, so the cursor must say so).
 */
class MongoRecalculationJobsTest {

    private final MongoClient client = MongoClients.create(MongoStandIn.uri("jobs-test"));
    private final MongoRecalculationJobs jobs = new MongoRecalculationJobs(new MongoTemplate(client, "jobs-test-" + UUID.randomUUID()));

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void theChunkInFlightAndTheCursorReadBackAndACancelledJobsLastChunkStillMovesItsCursor() {
        RecalculationJob started = new RecalculationJob("job-1", new RecalculationJob.Options(true, true, null, null, false),
                RecalculationJob.State.RUNNING, 5, 0, 0, 0, 0, null, null, Instant.parse("2026-11-25T00:00:00Z"), null, null);
        assertThat(jobs.startUnlessOneRuns(started)).isEmpty();

        jobs.recordChunkStart("job-1", "c-2");
        assertThat(jobs.find("job-1").orElseThrow().inFlightUpTo()).isEqualTo("c-2");
        assertThat(jobs.find("job-1").orElseThrow().cursor()).isNull();

        jobs.finish("job-1", RecalculationJob.State.FAILED, Instant.parse("2026-11-25T00:01:00Z"), "cancelled by an operator");
        jobs.recordProgress("job-1", "c-2", 2, 1, 1, 0);

        RecalculationJob cancelled = jobs.find("job-1").orElseThrow();
        assertThat(cancelled.state()).isEqualTo(RecalculationJob.State.FAILED);
        assertThat(cancelled.cursor()).isEqualTo("c-2").isEqualTo(cancelled.inFlightUpTo());
        assertThat(cancelled.processed()).isEqualTo(2);
    }
}
