package dev.loyalty.engine.application;

import dev.loyalty.engine.domain.AccountEvent;
import dev.loyalty.engine.domain.LoyaltyProgram;
import dev.loyalty.engine.domain.TierCriterion;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.time.YearMonth;

/**
 * Use case: when a calendar month has ended, customers of the monthly criteria are re-evaluated at
 * the boundary without any purchase (reason PERIOD_ROLLOVER). Safe on every instance at once: the
 * event id is the same everywhere, writes are revision-guarded, and a customer already evaluated
 * (by the sweep elsewhere, or by an event after the boundary) changes nothing.
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

    /** @return how many customers the sweep visited (0 when the criterion does not depend on months) */
    public long rollOverTo(YearMonth month) {
        LoyaltyProgram program = programStore.program();
        if (program.tierCriterion() == TierCriterion.LIFETIME_SPEND) {
            return 0;
        }
        Instant boundary = month.atDay(1).atStartOfDay(program.timeZone()).toInstant();
        long[] visited = {0};
        accounts.forEachCustomerId(customerId -> {
            applyAccountEvents.apply(new AccountEvent.PeriodEnded("period-ended:" + month + ":" + customerId, customerId, boundary));
            visited[0]++;
        });
        return visited[0];
    }

    /** The month that is current now in the program's time zone. */
    public YearMonth currentMonth(Instant now) {
        return YearMonth.from(now.atZone(programStore.program().timeZone()));
    }
}
