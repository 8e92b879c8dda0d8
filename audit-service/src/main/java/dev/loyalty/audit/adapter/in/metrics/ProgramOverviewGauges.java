package dev.loyalty.audit.adapter.in.metrics;

import dev.loyalty.audit.application.TallyProgram;
import dev.loyalty.audit.config.AuditProperties;
import dev.loyalty.audit.domain.ProgramTally;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The overview as gauges: {@code program_customers{tier}} (tier {@code (none)} for customers holding none) and
 * {@code program_points_outstanding}. Every instance reads the same stored tallies, so each reports the whole
 * program: a dashboard takes {@code max} across instances, not {@code sum}. Read from the store on scrape, at most
 * once per {@code audit.overview-refresh}; a tier first seen in a read has its series from the next scrape (the
 * registry lists its meters before this reads).
 */
@Component
class ProgramOverviewGauges {

    static final String NO_TIER_LABEL = "(none)"; // parentheses: no tier code can look like it

    private final TallyProgram tallyProgram;
    private final Clock clock;
    private final Duration refresh;
    private final MultiGauge customers;
    private ProgramTally last = ProgramTally.EMPTY;
    private Instant readAt = Instant.EPOCH;

    ProgramOverviewGauges(TallyProgram tallyProgram, MeterRegistry metrics, Clock clock, AuditProperties settings) {
        this.tallyProgram = tallyProgram;
        this.clock = clock;
        this.refresh = settings.overviewRefresh();
        this.customers = MultiGauge.builder("program.customers").description("Customers holding each tier").register(metrics);
        Gauge.builder("program.points.outstanding", this, g -> g.current().pointsOutstanding())
                .description("Points in every customer's balance together").register(metrics);
        // "(none)" from the start: the series exists (at 0) before the first customer, so a dashboard never shows "no data"
        customers.register(List.of(row(ProgramTally.NO_TIER)));
    }

    private synchronized ProgramTally current() {
        Instant now = clock.instant();
        if (Duration.between(readAt, now).compareTo(refresh) >= 0) {
            readAt = now;
            try {
                last = tallyProgram.overview();
            } catch (RuntimeException storeAway) {
                return last; // the last answer stands
            }
            ProgramTally read = last;
            Set<String> tiers = new TreeSet<>(read.customersByTier().keySet());
            tiers.add(ProgramTally.NO_TIER);
            // no overwrite: rows already there stay the same meters (each reads current()). Overwriting removes each
            // before adding it again; with one row only (a new program: "(none)") Prometheus then drops the name,
            // and the scrape that made this read showed no program_customers at all
            customers.register(tiers.stream().map(this::row).toList(), false);
        }
        return last;
    }

    private MultiGauge.Row<?> row(String tier) {
        return MultiGauge.Row.of(Tags.of("tier", tier.equals(ProgramTally.NO_TIER) ? NO_TIER_LABEL : tier),
                () -> current().customersByTier().getOrDefault(tier, 0L));
    }
}
