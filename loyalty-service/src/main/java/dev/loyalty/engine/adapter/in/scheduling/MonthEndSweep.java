package dev.loyalty.engine.adapter.in.scheduling;

import dev.loyalty.engine.application.RollOverPeriods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Runs the month sweep at start-up (shortly after, on Spring's scheduler) and every few minutes after, rather than
 * by a cron at midnight, because the program's time zone is data that can change. Until some instance has swept
 * the current month, every instance tries: {@link RollOverPeriods} makes concurrent sweeps harmless, and once the
 * program records the month as swept a check costs one read.
 */
@Component
class MonthEndSweep {

    private static final Logger log = LoggerFactory.getLogger(MonthEndSweep.class);

    private final RollOverPeriods rollOverPeriods;
    private final Clock clock;

    MonthEndSweep(RollOverPeriods rollOverPeriods, Clock clock) {
        this.rollOverPeriods = rollOverPeriods;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${loyalty.month-sweep-initial-delay:PT10S}", fixedDelayString = "${loyalty.month-end-check:PT5M}")
    void sweepWhenAMonthHasBegun() {
        long visited = rollOverPeriods.sweep(clock.instant());
        if (visited > 0) {
            log.info("Month boundary applied: re-evaluated {} customers", visited);
        }
    }
}
