package dev.loyalty.engine.application;

import dev.loyalty.engine.domain.AccountEvent;
import dev.loyalty.engine.domain.LoyaltyProgram;
import dev.loyalty.engine.domain.TierCriterion;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.time.YearMonth;
import java.util.stream.Stream;

/**
 * Use case: when a calendar month has begun (the wall clock's, in the program's time zone), every account not yet
 * evaluated in it is re-evaluated at the boundary without any purchase (reason PERIOD_ROLLOVER), also boundaries that
 * passed while every instance was down: each instance sweeps at start-up and on schedule until the program records
 * the month as swept. Safe on every instance at once: the event id is the same everywhere, writes are
 * revision-guarded, and an account evaluated this month already (by another sweep, or by an event) changes nothing.
 */
@Service
public class RollOverPeriods {

    private final CustomerAccounts accounts;
    private final ProgramStore programStore;
    private final ApplyAccountEvents applyAccountEvents;

    public RollOverPeriods(CustomerAccounts accounts, ProgramStore programStore, ApplyAccountEvents applyAccountEvents) {
        this.accounts = accounts;
        this.programStore = programStore;
        this.applyAccountEvents = applyAccountEvents;
    }

    /**
     * Applies the boundaries up to {@code now}'s month to every account that has not seen them.
     *
     * @return how many accounts the sweep visited (0 once the month is swept, and under the lifetime criterion)
     */
    public long sweep(Instant now) {
        LoyaltyProgram program = programStore.program();
        YearMonth current = YearMonth.from(now.atZone(program.timeZone()));
        if (programStore.monthSwept().filter(swept -> !swept.isBefore(current)).isPresent()) {
            return 0;
        }
        long visited = 0;
        if (program.tierCriterion() != TierCriterion.LIFETIME_SPEND) {
            Instant boundary = current.atDay(1).atStartOfDay(program.timeZone()).toInstant();
            try (Stream<String> due = accounts.evaluatedBefore(current)) {
                for (String customerId : (Iterable<String>) due::iterator) {
                    applyAccountEvents.apply(new AccountEvent.TimePassed("period-ended:" + current + ":" + customerId, customerId, boundary));
                    visited++;
                }
            }
        }
        programStore.markMonthSwept(current);
        return visited;
    }
}
