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
}
