package dev.loyalty.engine.adapter.in.kafka;

import dev.loyalty.engine.application.RecalculateAccounts;
import dev.loyalty.engine.application.RecalculationJob;
import io.micrometer.core.instrument.MeterRegistry;
import dev.loyalty.schemas.Topics;
import dev.loyalty.schemas.events.RecalculationRequested;
import dev.loyalty.support.DeliverAgainException;
import dev.loyalty.support.KafkaErrorHandling;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Runs the recalculation jobs queued on the one-partition {@code loyalty.recalculations} topic. The
 * consumer group gives that partition to one instance, so one job runs at a time and nobody else
 * runs it. The request is committed only when its job has ended: if this instance stops mid-job it
 * stops between two chunks and the request is delivered again (here after a restart, or to the
 * instance that takes the partition over), which resumes after the last finished chunk.
 * A job may run longer than Kafka's default poll interval, hence its own.
 */
@Component
class RecalculationListener implements SmartLifecycle {

    private static final LogAccessor LOG = new LogAccessor(RecalculationListener.class);

    private final RecalculateAccounts recalculateAccounts;
    private final MeterRegistry metrics;
    private volatile boolean started;
    private volatile boolean stopping;

    RecalculationListener(RecalculateAccounts recalculateAccounts, MeterRegistry metrics) {
        this.recalculateAccounts = recalculateAccounts;
        this.metrics = metrics;
        for (String state : java.util.List.of("DONE", "FAILED", "CANCELLED")) {
            metrics.counter("loyalty.recalculations", "state", state); // present at 0: the RecalculationFailed alert
        }
    }

    @KafkaListener(id = "loyalty-recalculations", groupId = "${spring.kafka.consumer.group-id}-recalculations",
            batch = "false", concurrency = "1",
            topics = "${loyalty.recalculations-topic:" + Topics.RECALCULATIONS_NAME + "}",
            properties = {"max.poll.records=1", "max.poll.interval.ms=${loyalty.recalculation-max-duration-ms:3600000}"})
    void on(RecalculationRequested request) {
        String jobId = request.getJobId();
        try {
            if (recalculateAccounts.run(jobId, () -> stopping) == RecalculateAccounts.Run.INTERRUPTED) {
                throw new DeliverAgainException("recalculation " + jobId + " stopped by shutdown; it resumes on redelivery");
            }
        } catch (RuntimeException e) {
            if (KafkaErrorHandling.isTransient(e)) {
                throw e; // the store or broker is away: the request comes again and the job resumes
            }
            LOG.error(e, () -> "recalculation " + jobId + " failed");
            recalculateAccounts.fail(jobId, KafkaErrorHandling.reasonOf(e));
        }
        // how the job ended: DONE, FAILED, or CANCELLED (FAILED by an operator's hand, which no alert should call a failure)
        recalculateAccounts.job(jobId).filter(job -> job.state() != RecalculationJob.State.RUNNING)
                .ifPresent(job -> metrics.counter("loyalty.recalculations", "state", job.failure() != null
                        && job.failure().startsWith("cancelled") ? "CANCELLED" : job.state().name()).increment());
    }

    // Stops before the listener containers (a higher phase stops earlier), so a running job ends its chunk and yields.
    @Override
    public int getPhase() {
        return AbstractMessageListenerContainer.DEFAULT_PHASE + 1;
    }

    @Override
    public void start() {
        stopping = false;
        started = true;
    }

    @Override
    public void stop() {
        stopping = true;
        started = false;
    }

    @Override
    public boolean isRunning() {
        return started;
    }
}
