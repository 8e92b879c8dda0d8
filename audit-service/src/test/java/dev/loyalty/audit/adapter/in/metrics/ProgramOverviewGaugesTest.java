package dev.loyalty.audit.adapter.in.metrics;

import dev.loyalty.audit.application.ProgramTallies;
import dev.loyalty.audit.application.TallyProgram;
import dev.loyalty.audit.config.AuditProperties;
import dev.loyalty.audit.domain.ProgramTally;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The overview's gauges as Prometheus scrapes them, across the reads of the stored tallies. */
class ProgramOverviewGaugesTest {

    private final List<ProgramTallies.PartitionTally> stored = new ArrayList<>();
    private final MovableClock clock = new MovableClock();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void aNewProgramShowsItsNoTierSeriesAtZeroInEveryScrapeAlsoTheScrapesThatReadTheTalliesAgain() {
        gauges();
        for (int scrape = 1; scrape <= 4; scrape++) {
            assertThat(registry.scrape()).as("scrape %d", scrape)
                    .containsPattern("program_customers\\{[^}]*tier=\"\\(none\\)\"[^}]*} 0\\.0")
                    .containsPattern("program_points_outstanding(\\{[^}]*})? 0\\.0");
            clock.advance(Duration.ofSeconds(20)); // every other scrape is past audit.overview-refresh (30 s): it reads again
        }
    }

    @Test
    void givenCustomersInGoldTheirSeriesShowsFromTheScrapeAfterTheReadAndStaysThrough() {
        gauges();
        stored.add(new ProgramTallies.PartitionTally(0, new ProgramTally(Map.of("GOLD", 2L), 300), 7));
        registry.scrape(); // the read that first sees GOLD (documented: its series from the next scrape)
        for (int scrape = 2; scrape <= 5; scrape++) {
            clock.advance(Duration.ofSeconds(20));
            assertThat(registry.scrape()).as("scrape %d", scrape)
                    .containsPattern("program_customers\\{[^}]*tier=\"GOLD\"[^}]*} 2\\.0")
                    .containsPattern("program_customers\\{[^}]*tier=\"\\(none\\)\"[^}]*} 0\\.0")
                    .containsPattern("program_points_outstanding(\\{[^}]*})? 300\\.0");
        }
    }

    private void gauges() {
        ProgramTallies tallies = new ProgramTallies() {
            @Override
            public PartitionTally of(int partition) {
                throw new UnsupportedOperationException("the gauges only read");
            }

            @Override
            public boolean replace(PartitionTally next, long expectedOffset) {
                throw new UnsupportedOperationException("the gauges only read");
            }

            @Override
            public List<PartitionTally> all() {
                return List.copyOf(stored);
            }
        };
        new ProgramOverviewGauges(new TallyProgram(tallies), registry, clock,
                new AuditProperties("loyalty.account-changes", 12, (short) 1, 500, Duration.ofSeconds(30)));
    }

    /** The service clock, moved by the test. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("not needed");
        }
    }
}
