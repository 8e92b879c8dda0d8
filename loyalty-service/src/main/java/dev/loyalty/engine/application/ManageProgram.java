package dev.loyalty.engine.application;

import dev.loyalty.engine.domain.LoyaltyProgram;
import dev.loyalty.engine.domain.Tier;
import dev.loyalty.engine.domain.TierPolicy;
import org.springframework.stereotype.Service;

import java.util.List;

/**
 * Use cases: the operator edits the program and its tiers. Edits move no customer by themselves:
 * each customer sees them at their next applied event or at a recalculation.
 */
@Service
public class ManageProgram {

    private final ProgramStore store;
    private final CustomerAccounts accounts;

    public ManageProgram(ProgramStore store, CustomerAccounts accounts) {
        this.store = store;
        this.accounts = accounts;
    }

    public LoyaltyProgram program() {
        return store.program();
    }

    public LoyaltyProgram saveProgram(LoyaltyProgram program) {
        store.saveProgram(program);
        return program;
    }

    public List<Tier> tiers() {
        return store.tiers().tiers();
    }

    /** @throws TierPolicy.TierOverlapException if the tier's active range overlaps another's */
    public Tier saveTier(Tier tier) {
        store.saveTiers(store.tiers().with(tier));
        return tier;
    }

    /** @return false if there was no such tier; @throws TierInUse if customers hold it */
    public boolean deleteTier(String code) {
        TierPolicy tiers = store.tiers();
        if (tiers.find(code).isEmpty()) {
            return false;
        }
        if (accounts.anyHoldsTier(code)) {
            throw new TierInUse(code);
        }
        store.saveTiers(tiers.without(code));
        return true;
    }

    public static class TierInUse extends RuntimeException {
        public TierInUse(String code) {
            super("Customers hold tier " + code + "; deactivate it and recalculate instead.");
        }
    }
}
