package dev.loyalty.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's correctness gate at a tiny size, as a test: a seeded workload with returns (some ahead
 * of their orders), duplicates and poison records, HTTP orders, end-to-end orders, a policy change and a
 * recalculation of everybody; afterwards every customer equals the generator's independent model and
 * every journal sums to its balance. No figure is asserted: speed is the benchmark's business, not CI's.
 */
class BenchGateIT {

    @Test
    @org.junit.jupiter.api.Timeout(value = 6, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aSmallRunOfEveryPartEndsWithEveryCustomerEqualToTheModel() throws Exception {
        Path out = Files.createTempFile("bench-gate", ".json");
        BenchOptions options = BenchOptions.parse(new String[]{"--customers=1500", "--events=5000", "--naive-events=200",
                "--http-orders=300", "--rate=100", "--seconds=2", "--poison=2", "--history-orders=400", "--out=" + out});

        boolean passed = new Bench(options).run();

        assertThat(passed).as("correctness gate").isTrue();
        assertThat(Files.readString(out)).contains("\"gateMismatches\": 0", "\"gatePassed\": true", "\"recalculationCustomers\"");
    }
}
