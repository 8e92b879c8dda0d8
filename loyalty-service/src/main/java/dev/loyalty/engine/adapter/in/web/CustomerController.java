package dev.loyalty.engine.adapter.in.web;

import dev.loyalty.engine.application.CustomerView;
import dev.loyalty.engine.application.RedeemPoints;
import dev.loyalty.support.ApiProblem;
import dev.loyalty.support.InputBounds;
import dev.loyalty.support.security.Caller;
import dev.loyalty.support.security.Callers;
import dev.loyalty.support.security.Role;
import dev.loyalty.support.web.Identifier;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The customer as the POS sees it at checkout, and redemptions. */
@RestController
class CustomerController {

    private final CustomerView customers;
    private final RedeemPoints redeemPoints;
    private final io.micrometer.core.instrument.MeterRegistry metrics;
    private final InputBounds bounds;

    CustomerController(CustomerView customers, RedeemPoints redeemPoints, io.micrometer.core.instrument.MeterRegistry metrics,
                       InputBounds bounds) {
        this.customers = customers;
        this.redeemPoints = redeemPoints;
        this.metrics = metrics;
        this.bounds = bounds;
    }

    @GetMapping("/api/v1/customers/{customerId}")
    CustomerResponse customer(@PathVariable @Identifier String customerId) {
        CustomerView.Customer c = customers.find(customerId).orElseThrow(() -> ApiProblem.notFound("Customer " + customerId));
        CustomerResponse.Tier tier = c.tierCode() == null ? null
                : new CustomerResponse.Tier(c.tierCode(), c.tier() == null ? c.tierCode() : c.tier().name());
        return new CustomerResponse(c.customerId(), tier, Amounts.toMajor(c.lifetimeSpend(), c.currency()),
                Amounts.toMajor(c.qualifyingSpend(), c.currency()), new CustomerResponse.Points(c.pointsBalance(), c.redeemable()),
                c.version(), c.updatedAt());
    }

    @PostMapping("/api/v1/customers/{customerId}/redemptions")
    ResponseEntity<RedemptionResponse> redeem(@PathVariable @Identifier String customerId, @Valid @RequestBody RedemptionRequest request) {
        if (request.points() > bounds.maxAmount()) {
            throw ApiProblem.validation(List.of(new ApiProblem.FieldError("points", "must be at most " + bounds.maxAmount())));
        }
        // an operator's redemption is journalled with its actor; a till's (POS) with none (contract "Actors")
        String actor = Callers.current().filter(c -> c.has(Role.ADMIN)).map(Caller::actor).orElse(null);
        RedeemPoints.Outcome outcome = redeemPoints.redeem(customerId, request.redemptionId(), request.points(), request.orderId(), actor);
        var r = outcome.redemption();
        if (outcome.created()) {
            metrics.counter("loyalty.points", "kind", "redeemed").increment(r.points());
        }
        return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(new RedemptionResponse(r.redemptionId(), r.points(), r.balanceAfter(), r.redeemableAfter()));
    }

    /** The contract's customer shape; money in major units of the program currency. */
    record CustomerResponse(String customerId, Tier tier, BigDecimal lifetimeSpend, BigDecimal qualifyingSpend,
                            Points points, long version, Instant updatedAt) {

        record Tier(String code, String name) {
        }

        record Points(long balance, long redeemable) {
        }
    }

    record RedemptionRequest(@NotNull @Identifier String redemptionId, @NotNull @Positive Long points, @Identifier String orderId) {
    }

    record RedemptionResponse(String redemptionId, long pointsRedeemed, long balance, long redeemable) {
    }
}
