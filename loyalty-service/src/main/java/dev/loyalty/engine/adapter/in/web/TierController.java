package dev.loyalty.engine.adapter.in.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.loyalty.engine.application.ManageProgram;
import dev.loyalty.engine.domain.EarnRate;
import dev.loyalty.engine.domain.Tier;
import dev.loyalty.support.ApiProblem;
import dev.loyalty.support.InputBounds;
import dev.loyalty.support.web.BoundedNumber;
import dev.loyalty.support.web.Identifier;
import jakarta.validation.constraints.Size;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /api/v1/tiers}, {@code PUT|DELETE /api/v1/tiers/{code}}. */
@RestController
class TierController {

    private final ManageProgram manageProgram;
    private final InputBounds bounds;

    TierController(ManageProgram manageProgram, InputBounds bounds) {
        this.manageProgram = manageProgram;
        this.bounds = bounds;
    }

    @GetMapping("/api/v1/tiers")
    List<TierBody> tiers() {
        String currency = manageProgram.program().currency();
        return manageProgram.tiers().stream().map(t -> TierBody.of(t, currency, null)).toList();
    }

    @PutMapping("/api/v1/tiers/{code}")
    TierBody saveTier(@PathVariable @Identifier String code, @Valid @RequestBody TierBody body) {
        String currency = manageProgram.program().currency();
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        if (body.code() != null && !body.code().equals(code)) {
            errors.add(new ApiProblem.FieldError("code", "must match the code in the path"));
        }
        Long minSpend = Amounts.toMinor(body.minSpend(), currency, "minSpend", bounds, errors);
        Long maxSpend = Amounts.toMinor(body.maxSpend(), currency, "maxSpend", bounds, errors);
        if (minSpend != null && minSpend < 0) {
            errors.add(new ApiProblem.FieldError("minSpend", "must not be negative"));
        }
        if (minSpend != null && maxSpend != null && maxSpend <= minSpend) {
            errors.add(new ApiProblem.FieldError("maxSpend", "must be greater than minSpend"));
        }
        if (body.minPointBalance() < 0) {
            errors.add(new ApiProblem.FieldError("minPointBalance", "must not be negative"));
        }
        EarnRate rate = body.earnRate().toEarnRate(currency, "earnRate", bounds, errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        Tier tier = new Tier(code, body.name(), minSpend, maxSpend, rate, body.minPointBalance(), body.active());
        return TierBody.of(manageProgram.saveTier(tier), currency, ProgramController.EDITS_MOVE_NO_ONE);
    }

    @DeleteMapping("/api/v1/tiers/{code}")
    ResponseEntity<Void> deleteTier(@PathVariable @Identifier String code) {
        if (!manageProgram.deleteTier(code)) {
            throw ApiProblem.notFound("Tier " + code);
        }
        return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
    }

    record TierBody(String code, @NotNull @Size(min = 1, max = 100) String name, @NotNull @BoundedNumber BigDecimal minSpend,
                    @BoundedNumber BigDecimal maxSpend,
                    @NotNull @Valid ProgramController.EarnRateBody earnRate, @NotNull Long minPointBalance,
                    @NotNull Boolean active, @JsonInclude(JsonInclude.Include.NON_NULL) String message) {

        static TierBody of(Tier t, String currency, @JsonInclude(JsonInclude.Include.NON_NULL) String message) {
            return new TierBody(t.code(), t.name(), Amounts.toMajor(t.minSpend(), currency),
                    t.maxSpend() == null ? null : Amounts.toMajor(t.maxSpend(), currency),
                    ProgramController.EarnRateBody.of(t.earnRate(), currency), t.minPointBalance(), t.active(), message);
        }
    }
}
