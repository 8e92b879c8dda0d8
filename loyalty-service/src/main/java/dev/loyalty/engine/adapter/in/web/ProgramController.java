package dev.loyalty.engine.adapter.in.web;

import dev.loyalty.engine.application.ManageProgram;
import dev.loyalty.engine.domain.EarnRate;
import dev.loyalty.engine.domain.LoyaltyProgram;
import dev.loyalty.engine.domain.TierCriterion;
import dev.loyalty.support.ApiProblem;
import dev.loyalty.support.InputBounds;
import dev.loyalty.support.web.BoundedNumber;
import dev.loyalty.support.web.CurrencyCode;
import jakarta.validation.constraints.Max;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** {@code GET|PUT /api/v1/program}. */
@RestController
class ProgramController {

    static final String EDITS_MOVE_NO_ONE = "Program and tier edits move no customer by themselves: each customer "
            + "sees them at their next applied event, or run a recalculation (POST /api/v1/recalculations).";

    private final ManageProgram manageProgram;
    private final InputBounds bounds;

    ProgramController(ManageProgram manageProgram, InputBounds bounds) {
        this.manageProgram = manageProgram;
        this.bounds = bounds;
    }

    @GetMapping("/api/v1/program")
    ProgramBody program() {
        return ProgramBody.of(manageProgram.program(), null);
    }

    @PutMapping("/api/v1/program")
    ProgramBody saveProgram(@Valid @RequestBody ProgramBody body) {
        List<ApiProblem.FieldError> errors = new ArrayList<>();
        ZoneId zone = null;
        try {
            zone = ZoneId.of(body.timeZone());
        } catch (DateTimeException e) {
            errors.add(new ApiProblem.FieldError("timeZone", "must be a time zone such as Asia/Ho_Chi_Minh"));
        }
        EarnRate rate = errors.isEmpty() ? body.defaultEarnRate().toEarnRate(body.currency(), "defaultEarnRate", bounds, errors) : null;
        if (!errors.isEmpty()) {
            throw ApiProblem.validation(errors);
        }
        return ProgramBody.of(manageProgram.saveProgram(new LoyaltyProgram(body.currency(), zone, body.tierCriterion(), rate)),
                EDITS_MOVE_NO_ONE);
    }

    record ProgramBody(@NotNull @CurrencyCode String currency, @NotNull String timeZone, @NotNull TierCriterion tierCriterion,
                       @NotNull @Valid EarnRateBody defaultEarnRate, @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String message) {

        static ProgramBody of(LoyaltyProgram p, @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) String message) {
            return new ProgramBody(p.currency(), p.timeZone().getId(), p.tierCriterion(),
                    EarnRateBody.of(p.defaultEarnRate(), p.currency()), message);
        }
    }

    /** {@code {"spend","points"}}: points for every whole {@code spend} (major units). */
    record EarnRateBody(@NotNull @BoundedNumber BigDecimal spend, @NotNull @Max(MAX_RATE_POINTS) Long points) {

        /** Points per unit of spend: far above any program, and low enough that no bounded order can overflow. */
        static final long MAX_RATE_POINTS = 1_000_000;

        static EarnRateBody of(EarnRate rate, String currency) {
            return new EarnRateBody(Amounts.toMajor(rate.spend(), currency), rate.points());
        }

        EarnRate toEarnRate(String currency, String field, InputBounds bounds, List<ApiProblem.FieldError> errors) {
            Long minor = Amounts.toMinor(spend, currency, field + ".spend", bounds, errors);
            if (minor != null && minor <= 0) {
                errors.add(new ApiProblem.FieldError(field + ".spend", "must be greater than 0"));
            }
            if (points < 0) {
                errors.add(new ApiProblem.FieldError(field + ".points", "must not be negative"));
            }
            return errors.isEmpty() ? new EarnRate(minor, points) : null;
        }
    }
}
