package dev.loyalty.audit.adapter.in.metrics;

import dev.loyalty.audit.application.TallyProgram;
import dev.loyalty.audit.domain.ProgramTally;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The overview as gauges: {@code program_customers{tier}} (tier {@code (none)} for customers holding none) and
 * {@code program_points_outstanding}. Every instance reads the same stored tallies, so each reports the whole
 * program: a dashboard takes {@code max} across instances, not {@code sum}. Read from the store at most every
 * {@link #REFRESH}, on scrape.
 */
@Component
class ProgramOverviewGauges {

    static final Duration REFRESH = Duration.ofSeconds(30);
    static final String NO_TIER_LABEL = "(none)"; // parentheses: no tier code can look like it

    private final TallyProgram tallyProgram;
    private final Clock clock;
    private final MultiGauge customers;
    private ProgramTally last = ProgramTally.EMPTY;
    private Instant readAt = Instant.EPOCH;

    ProgramOverviewGauges(TallyProgram tallyProgram, MeterRegistry metrics, Clock clock) {
        this.tallyProgram = tallyProgram;
        this.clock = clock;
        this.customers = MultiGauge.builder("program.customers").description("Customers holding each tier").register(metrics);
        Gauge.builder("program.points.outstanding", this, g -> g.current().pointsOutstanding())
                .description("Points in every customer's balance together").register(metrics);
    }

    private synchronized ProgramTally current() {
        Instant now = clock.instant();
        if (Duration.between(readAt, now).compareTo(REFRESH) >= 0) {
            readAt = now;
            try {
                last = tallyProgram.overview();
            } catch (RuntimeException storeAway) {
                return last; // the last answer stands
            }
            ProgramTally read = last;
            customers.register(read.customersByTier().keySet().stream().map(tier -> MultiGauge.Row.of(
                    Tags.of("tier", tier.equals(ProgramTally.NO_TIER) ? NO_TIER_LABEL : tier),
                    () -> current().customersByTier().getOrDefault(tier, 0L))).toList(), true);
        }
        return last;
    }
}
