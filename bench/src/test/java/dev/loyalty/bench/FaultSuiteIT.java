package dev.loyalty.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite at a small size: the seeded workload over HTTP and Kafka into a stack of separate processes
 * while loyalty-service is killed five times, audit-service twice, the broker and the store once each, and
 * loyalty-service grows from two instances to three; then nothing lost, nothing counted twice, no journal gap.
 */
class FaultSuiteIT {

    @Test
    @org.junit.jupiter.api.Timeout(value = 12, unit = java.util.concurrent.TimeUnit.MINUTES)
    void everyEventAppliedOnceAndEveryChangeJournalledThroughKillsRestartsAndARebalance(@TempDir Path dataDir) throws Exception {
        FaultSuite.Result result = new FaultSuite(300, 4_000, 42, dataDir).run();
        System.out.println(result.table());

        assertThat(result.faults()).hasSize(10);
        assertThat(result.faults().stream().filter(f -> f.startsWith("kill -9 loyalty"))).hasSize(5);
        assertThat(result.faults().stream().filter(f -> f.startsWith("kill -9 audit"))).hasSize(2);
        assertThat(result.customersChecked()).isGreaterThan(250);
        assertThat(result.lost()).as("lost").isZero();
        assertThat(result.doubleCounted()).as("double-counted").isZero();
        assertThat(result.journalGaps()).as("journal gaps").isZero();
        assertThat(result.journalMismatches()).as("journals not summing to the balance").isZero();
        assertThat(result.outboxBacklog()).as("outbox left unpublished").isZero();
        assertThat(result.refused()).as("requests refused").isZero();
        assertThat(result.passed()).isTrue();
    }
}
