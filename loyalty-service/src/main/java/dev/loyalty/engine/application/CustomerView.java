package dev.loyalty.engine.application;

import dev.loyalty.engine.domain.AccountStanding;
import dev.loyalty.engine.domain.LoyaltyProgram;
import dev.loyalty.engine.domain.Tier;
import dev.loyalty.engine.domain.TierPolicy;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.Optional;

/** Query: what the POS shows at checkout, from one document read without the customer's history. */
@Service
public class CustomerView {

    private final CustomerAccounts accounts;
    private final ProgramStore programStore;

    public CustomerView(CustomerAccounts accounts, ProgramStore programStore) {
        this.accounts = accounts;
        this.programStore = programStore;
    }

    public Optional<Customer> find(String customerId) {
        return accounts.standing(customerId).map(account -> {
            LoyaltyProgram program = programStore.program();
            TierPolicy tiers = programStore.tiers();
            return new Customer(account.customerId(), tiers.find(account.tier()).orElse(null), account.tier(),
                    account.lifetimeSpend(), account.qualifyingSpend(program), account.pointsBalance(),
                    account.redeemablePoints(tiers), account.revision(), account.updatedAt(), program.currency());
        });
    }

    /**
     * @param tier     the held tier's definition (null if none, or deleted since)
     * @param tierCode the held tier's code
     */
    public record Customer(String customerId, Tier tier, String tierCode, long lifetimeSpend, long qualifyingSpend,
                           long pointsBalance, long redeemable, long version, Instant updatedAt, String currency) {
    }
}
