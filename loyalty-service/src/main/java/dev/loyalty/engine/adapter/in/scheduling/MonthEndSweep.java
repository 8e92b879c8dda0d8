package dev.loyalty.engine.adapter.in.scheduling;

import dev.loyalty.engine.application.RollOverPeriods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.YearMonth;

/**
 * Triggers the month-end re-evaluation. Checked every few minutes by Spring's scheduler rather than
 * by a cron at midnight, because the program's time zone is data that can change; each instance
 * sweeps once per month it sees begin, and {@link RollOverPeriods} makes concurrent sweeps harmless.
 */
@Component
class MonthEndSweep {

    private static final Logger log = LoggerFactory.getLogger(MonthEndSweep.class);

    private final RollOverPeriods rollOverPeriods;
    private final Clock clock;
    private volatile YearMonth swept;

    MonthEndSweep(RollOverPeriods rollOverPeriods, Clock clock) {
        this.rollOverPeriods = rollOverPeriods;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${loyalty.month-end-check:PT5M}", fixedDelayString = "${loyalty.month-end-check:PT5M}")
    void sweepWhenAMonthHasBegun() {
        YearMonth now = rollOverPeriods.currentMonth(clock.instant());
        if (swept == null) {
            swept = now; // started mid-month: this month's boundary is behind us (events apply it lazily)
            return;
        }
        if (now.isAfter(swept)) {
            long visited = rollOverPeriods.rollOverTo(now);
            log.info("Month {} began: re-evaluated {} customers", now, visited);
            swept = now;
        }
    }
}
