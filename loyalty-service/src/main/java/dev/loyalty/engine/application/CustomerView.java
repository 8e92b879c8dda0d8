package dev.loyalty.engine.application;

import dev.loyalty.engine.domain.AccountStanding;
import dev.loyalty.engine.domain.LoyaltyProgram;
import dev.loyalty.engine.domain.PointsLedger;
import dev.loyalty.engine.domain.TierOverride;
import dev.loyalty.engine.domain.TierStanding;
import dev.loyalty.engine.domain.Tier;
import dev.loyalty.engine.domain.TierPolicy;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** Query: what the POS shows at checkout, from one document read without the customer's history. */
@Service
public class CustomerView {

    private final CustomerAccounts accounts;
    private final ProgramStore programStore;
    private final Clock clock;

    public CustomerView(CustomerAccounts accounts, ProgramStore programStore, Clock clock) {
        this.accounts = accounts;
        this.programStore = programStore;
        this.clock = clock;
    }

    /** As of the moment of the request (contract "Now"): qualifying spend and tier at the service clock. */
    public Optional<Customer> find(String customerId) {
        return accounts.standing(customerId).map(account -> {
            LoyaltyProgram program = programStore.program();
            TierPolicy tiers = programStore.tiers();
            Instant now = clock.instant();
            TierStanding standing = account.tierStandingAt(program, tiers, now);
            PointsLedger points = account.ledgerAt(program, tiers, now);
            return new Customer(account.customerId(), tiers.find(standing.held()).orElse(null), standing.held(),
                    account.lifetimeSpend(), account.qualifyingSpend(program, now), points.balance(),
                    account.redeemablePoints(program, tiers, now), points.pending(now), points.expiring(now),
                    standing.keptUntil(), standing.override(), account.revision(), account.updatedAt(), program.currency());
        });
    }

    /**
     * @param tier     the held tier's definition (null if none, or deleted since)
     * @param tierCode the held tier's code
     */
    public record Customer(String customerId, Tier tier, String tierCode, long lifetimeSpend, long qualifyingSpend,
                           long pointsBalance, long redeemable, long pending, PointsLedger.Expiring expiring, Instant keptUntil,
                           TierOverride override, long version, Instant updatedAt, String currency) {
    }
}
