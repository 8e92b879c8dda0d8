package dev.loyalty.engine.application;

import dev.loyalty.engine.domain.LoyaltyProgram;
import dev.loyalty.engine.domain.TierPolicy;

/** Port: the program's settings and tiers (one program per deployment). */
public interface ProgramStore {

    /** The program in force: the saved one, or {@link LoyaltyProgram#DEFAULT} before any was saved. */
    LoyaltyProgram program();

    TierPolicy tiers();

    void saveProgram(LoyaltyProgram program);

    void saveTiers(TierPolicy tiers);

    /** Reads the program and tiers afresh from now on (a job must see an edit made elsewhere a moment ago). */
    void refresh();

    /** The latest month whose boundary the month sweep has applied to every account (by any instance), if any. */
    java.util.Optional<java.time.YearMonth> monthSwept();

    /** Records that {@code month}'s boundary is applied to every account; an older month never replaces a newer one. */
    void markMonthSwept(java.time.YearMonth month);
}
