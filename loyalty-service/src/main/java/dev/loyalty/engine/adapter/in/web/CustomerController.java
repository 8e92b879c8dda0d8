package dev.loyalty.engine.adapter.in.web;

import dev.loyalty.engine.application.CustomerView;
import dev.loyalty.engine.domain.CustomerAccount;
import dev.loyalty.engine.domain.LoyaltyProgram;
import dev.loyalty.support.ApiProblem;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;

/** {@code GET /api/v1/customers/{customerId}}: the customer as the POS sees it at checkout. */
@RestController
class CustomerController {

    private final CustomerView customers;

    CustomerController(CustomerView customers) {
        this.customers = customers;
    }

    @GetMapping("/api/v1/customers/{customerId}")
    CustomerResponse customer(@PathVariable String customerId) {
        CustomerAccount account = customers.find(customerId)
                .orElseThrow(() -> ApiProblem.notFound("Customer " + customerId));
        int digits = Currency.getInstance(LoyaltyProgram.DEFAULT.currency()).getDefaultFractionDigits();
        BigDecimal lifetimeSpend = BigDecimal.valueOf(account.lifetimeSpend(), digits);
        return new CustomerResponse(account.customerId(), null, lifetimeSpend, lifetimeSpend,
                new CustomerResponse.Points(account.pointsBalance(), Math.max(0, account.pointsBalance())),
                account.revision(), account.updatedAt());
    }

    /** The contract's customer shape; money in major units of the program currency. */
    record CustomerResponse(String customerId, Tier tier, BigDecimal lifetimeSpend, BigDecimal qualifyingSpend,
                            Points points, long version, Instant updatedAt) {

        record Tier(String code, String name) {
        }

        record Points(long balance, long redeemable) {
        }
    }
}
