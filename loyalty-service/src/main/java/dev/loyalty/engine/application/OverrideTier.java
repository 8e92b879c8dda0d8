package dev.loyalty.engine.application;

import dev.loyalty.engine.domain.AccountEvent;
import dev.loyalty.engine.domain.Tier;
import dev.loyalty.engine.domain.TierOverride;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Use case: an operator pins a customer's tier ({@code FLOOR}: at least it, {@code FIXED}: exactly it), until a time or
 * until removed (contract "Manual override"). Putting the same override again changes nothing; every tier move it
 * causes is journalled with the putter's actor and note.
 */
@Service
public class OverrideTier {

    private final CustomerAccounts accounts;
    private final ProgramStore programStore;
    private final ApplyAccountEvents applyAccountEvents;
    private final Clock clock;

    public OverrideTier(CustomerAccounts accounts, ProgramStore programStore, ApplyAccountEvents applyAccountEvents, Clock clock) {
        this.accounts = accounts;
        this.programStore = programStore;
        this.applyAccountEvents = applyAccountEvents;
        this.clock = clock;
    }

    /**
     * @return true if the customer had no override before (201), false if one was replaced or put again (200)
     * @throws RedeemPoints.UnknownCustomer if the customer has no account
     * @throws UnknownTier                  if the tier is unknown or inactive
     * @throws UntilInThePast               if {@code until} has passed
     */
    public boolean put(String customerId, String tierCode, TierOverride.Mode mode, Instant until, String note, String actor) {
        Instant now = clock.instant();
        if (programStore.tiers().find(tierCode).filter(Tier::active).isEmpty()) {
            throw new UnknownTier(tierCode);
        }
        if (until != null && !until.isAfter(now)) {
            throw new UntilInThePast(until);
        }
        CustomerAccounts.StoredAccount stored = accounts.find(customerId).orElseThrow(() -> new RedeemPoints.UnknownCustomer(customerId));
        boolean isNew = stored.account().tierStanding().override() == null;
        applyAccountEvents.apply(new AccountEvent.TierOverridden("override:" + UUID.randomUUID(), customerId,
                new TierOverride(tierCode, mode, until, note, actor), null, now, actor));
        return isNew;
    }

    /** Ends the customer's override, if any (also when there is none: nothing changes). */
    public void remove(String customerId, String note, String actor) {
        if (accounts.find(customerId).isEmpty()) {
            throw new RedeemPoints.UnknownCustomer(customerId);
        }
        applyAccountEvents.apply(new AccountEvent.TierOverridden("override-ended:" + UUID.randomUUID(), customerId, null, note,
                clock.instant(), actor));
    }

    public static class UnknownTier extends RuntimeException {
        public UnknownTier(String code) {
            super("Tier " + code + " is unknown or inactive.");
        }
    }

    public static class UntilInThePast extends RuntimeException {
        public UntilInThePast(Instant until) {
            super("until " + until + " has passed.");
        }
    }
}
