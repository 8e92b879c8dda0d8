package dev.loyalty.engine.adapter.in.web;

import dev.loyalty.engine.application.AdjustPoints;
import dev.loyalty.engine.application.CustomerView;
import dev.loyalty.engine.application.OverrideTier;
import dev.loyalty.engine.application.RedeemPoints;
import dev.loyalty.engine.domain.TierOverride;
import dev.loyalty.support.ApiProblem;
import dev.loyalty.support.InputBounds;
import dev.loyalty.support.security.Caller;
import dev.loyalty.support.security.Callers;
import dev.loyalty.support.security.Role;
import dev.loyalty.support.web.Identifier;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/** The customer as the POS sees it at checkout, and redemptions. */
@RestController
class CustomerController {

    private final CustomerView customers;
    private final RedeemPoints redeemPoints;
    private final AdjustPoints adjustPoints;
    private final OverrideTier overrideTier;
    private final io.micrometer.core.instrument.MeterRegistry metrics;
    private final InputBounds bounds;

    CustomerController(CustomerView customers, RedeemPoints redeemPoints, AdjustPoints adjustPoints, OverrideTier overrideTier,
                       io.micrometer.core.instrument.MeterRegistry metrics, InputBounds bounds) {
        this.customers = customers;
        this.redeemPoints = redeemPoints;
        this.adjustPoints = adjustPoints;
        this.overrideTier = overrideTier;
        this.metrics = metrics;
        this.bounds = bounds;
    }

    @GetMapping("/api/v1/customers/{customerId}")
    CustomerResponse customer(@PathVariable @Identifier String customerId) {
        return CustomerResponse.of(customers.find(customerId).orElseThrow(() -> ApiProblem.notFound("Customer " + customerId)));
    }

    /** Contract "Manual adjustment": ADMIN, idempotent by adjustmentId; a negative one beyond redeemable is 409. */
    @PostMapping("/api/v1/customers/{customerId}/adjustments")
    ResponseEntity<AdjustmentResponse> adjust(@PathVariable @Identifier String customerId, @Valid @RequestBody AdjustmentRequest request) {
        if (request.points() == 0) { // checked here, not by an @AssertTrue, so the error names the field: "points"
            throw ApiProblem.validation(List.of(new ApiProblem.FieldError("points", "must not be 0")));
        }
        if (Math.abs(request.points()) > bounds.maxAmount()) {
            throw ApiProblem.validation(List.of(new ApiProblem.FieldError("points", "must be at most " + bounds.maxAmount() + " either way")));
        }
        AdjustPoints.Outcome outcome = adjustPoints.adjust(customerId, request.adjustmentId(), request.points(), request.note(), Callers.actor());
        var a = outcome.adjustment();
        return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(new AdjustmentResponse(a.adjustmentId(), a.balanceAfter(), a.redeemableAfter()));
    }

    /** Contract "Manual override": 201 with the customer view when new, 200 when replacing. */
    @PutMapping("/api/v1/customers/{customerId}/tier-override")
    ResponseEntity<CustomerResponse> putOverride(@PathVariable @Identifier String customerId, @Valid @RequestBody OverrideRequest request) {
        boolean created;
        try {
            created = overrideTier.put(customerId, request.tier(), request.mode(), request.until() == null ? null : request.until().toInstant(),
                    request.note(), Callers.actor());
        } catch (OverrideTier.UnknownTier e) {
            throw ApiProblem.validation(List.of(new ApiProblem.FieldError("tier", "must be an active tier")));
        } catch (OverrideTier.UntilInThePast e) {
            throw ApiProblem.validation(List.of(new ApiProblem.FieldError("until", "must be in the future (or null: until removed)")));
        }
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(customer(customerId));
    }

    /** 204, also when there was no override; an optional {@code {"note"}} body. */
    @DeleteMapping("/api/v1/customers/{customerId}/tier-override")
    ResponseEntity<Void> removeOverride(@PathVariable @Identifier String customerId,
                                        @Valid @RequestBody(required = false) RemovalRequest request) {
        overrideTier.remove(customerId, request == null ? null : request.note(), Callers.actor());
        return ResponseEntity.noContent().build();
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

    /**
     * The contract's customer shape, as of the request; money in major units of the program currency. {@code tier}
     * carries {@code keptUntil} (a grace period) and {@code override}; {@code points} the pending and the next expiry.
     */
    record CustomerResponse(String customerId, Tier tier, BigDecimal lifetimeSpend, BigDecimal qualifyingSpend,
                            Points points, long version, Instant updatedAt) {

        record Tier(String code, String name, Instant keptUntil, Override override) {
        }

        record Override(String tier, TierOverride.Mode mode, Instant until, String note, String actor) {
        }

        record Points(long balance, long redeemable, long pending, Expiring expiring) {
        }

        record Expiring(long points, Instant at) {
        }

        static CustomerResponse of(CustomerView.Customer c) {
            TierOverride o = c.override();
            Tier tier = c.tierCode() == null ? null : new Tier(c.tierCode(), c.tier() == null ? c.tierCode() : c.tier().name(),
                    c.keptUntil(), o == null ? null : new Override(o.tier(), o.mode(), o.until(), o.note(), o.actor()));
            return new CustomerResponse(c.customerId(), tier, Amounts.toMajor(c.lifetimeSpend(), c.currency()),
                    Amounts.toMajor(c.qualifyingSpend(), c.currency()), new Points(c.pointsBalance(), c.redeemable(), c.pending(),
                    c.expiring() == null ? null : new Expiring(c.expiring().points(), c.expiring().at())), c.version(), c.updatedAt());
        }
    }

    record AdjustmentRequest(@NotNull @Identifier String adjustmentId, @NotNull Long points,
                             @NotNull @Size(min = 1, max = 500) String note) {
    }

    record AdjustmentResponse(String adjustmentId, long balance, long redeemable) {
    }

    record OverrideRequest(@NotNull @Identifier String tier, @NotNull TierOverride.Mode mode, OffsetDateTime until,
                           @NotNull @Size(min = 1, max = 500) String note) {
    }

    record RemovalRequest(@Size(min = 1, max = 500) String note) {
    }

    record RedemptionRequest(@NotNull @Identifier String redemptionId, @NotNull @Positive Long points, @Identifier String orderId) {
    }

    record RedemptionResponse(String redemptionId, long pointsRedeemed, long balance, long redeemable) {
    }
}
