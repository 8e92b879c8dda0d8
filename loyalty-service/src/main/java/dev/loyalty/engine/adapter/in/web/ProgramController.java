package dev.loyalty.engine.adapter.in.web;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.loyalty.engine.application.ManageProgram;
import dev.loyalty.engine.domain.EarnRate;
import dev.loyalty.engine.domain.LoyaltyProgram;
import dev.loyalty.engine.domain.PointsExpiry;
import dev.loyalty.engine.domain.TierRetention;
import dev.loyalty.engine.domain.TierCriterion;
import dev.loyalty.support.ApiProblem;
import dev.loyalty.support.InputBounds;
import dev.loyalty.support.web.BoundedNumber;
import dev.loyalty.support.web.CurrencyCode;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
        // PUT replaces: an omitted lifecycle setting takes its default (contract "Wave 2 clarifications")
        PointsExpiry expiry = body.pointsExpiry() == null ? PointsExpiry.NONE
                : new PointsExpiry(body.pointsExpiry().mode(), body.pointsExpiry().value() == null ? 0 : body.pointsExpiry().value());
        TierRetention retention = body.tierRetention() == null ? TierRetention.IMMEDIATE
                : new TierRetention(body.tierRetention().mode(), body.tierRetention().days() == null ? 0 : body.tierRetention().days());
        return ProgramBody.of(manageProgram.saveProgram(new LoyaltyProgram(body.currency(), zone, body.tierCriterion(), rate,
                body.pendingDays() == null ? 0 : body.pendingDays(), expiry, retention)), EDITS_MOVE_NO_ONE);
    }

    /**
     * The contract's program, with the point and tier lifecycle settings (all optional on PUT, defaults: 0 pending days,
     * no expiry, immediate demotion).
     */
    record ProgramBody(@NotNull @CurrencyCode String currency, @NotNull String timeZone, @NotNull TierCriterion tierCriterion,
                       @NotNull @Valid EarnRateBody defaultEarnRate,
                       @Min(0) @Max(36_500) Integer pendingDays,
                       @Valid ExpiryBody pointsExpiry,
                       @Valid RetentionBody tierRetention,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String message) {

        static ProgramBody of(LoyaltyProgram p, String message) {
            return new ProgramBody(p.currency(), p.timeZone().getId(), p.tierCriterion(),
                    EarnRateBody.of(p.defaultEarnRate(), p.currency()), p.pendingDays(),
                    new ExpiryBody(p.pointsExpiry().mode(), p.pointsExpiry().value()),
                    new RetentionBody(p.tierRetention().mode(), p.tierRetention().days()), message);
        }

        @AssertTrue(message = "AFTER_DAYS takes a value of 1 to 36500 days, END_OF_MONTH_AFTER_MONTHS 0 to 1200 months")
        @JsonIgnore
        boolean isPointsExpiryInRange() {
            if (pointsExpiry == null || pointsExpiry.mode() == null || pointsExpiry.mode() == PointsExpiry.Mode.NONE) {
                return true;
            }
            int value = pointsExpiry.value() == null ? -1 : pointsExpiry.value();
            return pointsExpiry.mode() == PointsExpiry.Mode.AFTER_DAYS ? value >= 1 && value <= 36_500 : value >= 0 && value <= 1_200;
        }

        @AssertTrue(message = "GRACE_DAYS takes days from 1 to 36500")
        @JsonIgnore
        boolean isTierRetentionInRange() {
            return tierRetention == null || tierRetention.mode() != TierRetention.Mode.GRACE_DAYS
                    || (tierRetention.days() != null && tierRetention.days() >= 1 && tierRetention.days() <= 36_500);
        }
    }

    /** {@code {"mode": "NONE"|"AFTER_DAYS"|"END_OF_MONTH_AFTER_MONTHS", "value": N}} ({@code value} ignored for NONE). */
    record ExpiryBody(@NotNull PointsExpiry.Mode mode, Integer value) {
    }

    /** {@code {"mode": "IMMEDIATE"|"GRACE_DAYS", "days": N}}. */
    record RetentionBody(@NotNull TierRetention.Mode mode, Integer days) {
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
