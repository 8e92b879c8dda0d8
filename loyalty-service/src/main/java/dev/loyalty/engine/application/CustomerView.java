package dev.loyalty.engine.application;

import dev.loyalty.engine.domain.CustomerAccount;
import org.springframework.stereotype.Service;

import java.util.Optional;

/** Query: what the POS shows at checkout, from one document read. */
@Service
public class CustomerView {

    private final CustomerAccounts accounts;

    public CustomerView(CustomerAccounts accounts) {
        this.accounts = accounts;
    }

    public Optional<CustomerAccount> find(String customerId) {
        return accounts.find(customerId).map(CustomerAccounts.StoredAccount::account);
    }
}
