package dev.loyalty.engine.adapter.in.web;

import dev.loyalty.engine.application.ManageProgram;
import dev.loyalty.engine.application.RecalculateAccounts;
import dev.loyalty.engine.application.RecalculationJob;
import dev.loyalty.engine.domain.EarnRate;
import dev.loyalty.support.ApiProblem;
import dev.loyalty.support.InputBounds;
import dev.loyalty.support.security.Callers;
import dev.loyalty.support.web.Identifier;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code POST|GET /api/v1/recalculations}: start a recalculation job, follow it, list recent ones. */
@RestController
class RecalculationController {

    static final int MAX_CUSTOMER_IDS = 100_000;

    private final RecalculateAccounts recalculateAccounts;
    private final ManageProgram manageProgram;
    private final InputBounds bounds;

    RecalculationController(RecalculateAccounts recalculateAccounts, ManageProgram manageProgram, InputBounds bounds) {
        this.recalculateAccounts = recalculateAccounts;
        this.manageProgram = manageProgram;
        this.bounds = bounds;
    }

    /** The body is required: an empty one never starts a recalculation of everybody (contract "Bounds on input"). */
    @PostMapping("/api/v1/recalculations")
    ResponseEntity<Map<String, String>> start(@Valid @RequestBody RecalculationRequest request) {
        RecalculationJob job = recalculateAccounts.start(request.toOptions(manageProgram.program().currency(), bounds));
        return ResponseEntity.accepted().location(URI.create("/api/v1/recalculations/" + job.jobId()))
                .body(Map.of("jobId", job.jobId()));
    }

    @GetMapping("/api/v1/recalculations/{jobId}")
    JobResponse job(@PathVariable @Identifier String jobId) {
        return recalculateAccounts.job(jobId).map(job -> JobResponse.of(job, manageProgram.program().currency()))
                .orElseThrow(() -> ApiProblem.notFound("Recalculation " + jobId));
    }

    /** Stops a running job: FAILED at once ("cancelled by an operator"); its runner stops after its current chunk. */
    @org.springframework.web.bind.annotation.DeleteMapping("/api/v1/recalculations/{jobId}")
    JobResponse cancel(@PathVariable @Identifier String jobId) {
        return JobResponse.of(recalculateAccounts.cancel(jobId), manageProgram.program().currency());
    }

    @GetMapping("/api/v1/recalculations")
    Map<String, List<JobResponse>> recent(@RequestParam(defaultValue = "20") int limit) {
        if (limit < 1 || limit > 100) {
            throw ApiProblem.validation(List.of(new ApiProblem.FieldError("limit", "must be between 1 and 100")));
        }
        String currency = manageProgram.program().currency();
        return Map.of("items", recalculateAccounts.recent(limit).stream().map(job -> JobResponse.of(job, currency)).toList());
    }

    /**
     * The contract's request: {@code tiers} and {@code points} are required (at least one true); dryRun defaults to
     * false, no {@code commonEarnRate} means each tier's rate, no {@code customerIds} means everybody.
     */
    record RecalculationRequest(@NotNull Boolean tiers, @NotNull Boolean points, @Valid ProgramController.EarnRateBody commonEarnRate,
                                List<@NotNull @Identifier String> customerIds, Boolean dryRun) {

        RecalculationJob.Options toOptions(String currency, InputBounds bounds) {
            boolean recalculateTiers = tiers;
            boolean recalculatePoints = points;
            List<ApiProblem.FieldError> errors = new ArrayList<>();
            if (!recalculateTiers && !recalculatePoints) {
                errors.add(new ApiProblem.FieldError("tiers", "tiers and points are both false: there is nothing to recalculate"));
            }
            EarnRate rate = null;
            if (commonEarnRate != null) {
                if (!recalculatePoints) {
                    errors.add(new ApiProblem.FieldError("commonEarnRate", "applies to points only; points is false"));
                } else {
                    rate = commonEarnRate.toEarnRate(currency, "commonEarnRate", bounds, errors);
                }
            }
            if (customerIds != null) {
                if (customerIds.isEmpty()) {
                    errors.add(new ApiProblem.FieldError("customerIds", "must not be empty; leave it out (or null) for every customer"));
                } else if (customerIds.size() > MAX_CUSTOMER_IDS) {
                    errors.add(new ApiProblem.FieldError("customerIds", "at most " + MAX_CUSTOMER_IDS
                            + " ids; leave it out to recalculate every customer"));
                }
            }
            if (!errors.isEmpty()) {
                throw ApiProblem.validation(errors);
            }
            return new RecalculationJob.Options(recalculateTiers, recalculatePoints, rate, customerIds, dryRun != null && dryRun,
                    Callers.actor());
        }
    }

    /** The contract's job shape, plus what was asked and the customers skipped (unknown ids). */
    record JobResponse(String jobId, String state, long processed, long total, long changedTiers, long changedPoints,
                       long skipped, Instant startedAt, Instant finishedAt, Options options, String failure, String requestedBy) {

        record Options(boolean tiers, boolean points, ProgramController.EarnRateBody commonEarnRate, Integer customers,
                       boolean dryRun) {
        }

        static JobResponse of(RecalculationJob job, String currency) {
            RecalculationJob.Options o = job.options();
            return new JobResponse(job.jobId(), job.state().name(), job.processed(), job.total(), job.changedTiers(),
                    job.changedPoints(), job.skipped(), job.startedAt(), job.finishedAt(),
                    new Options(o.tiers(), o.points(), o.commonEarnRate() == null ? null
                            : new ProgramController.EarnRateBody(Amounts.toMajor(o.commonEarnRate().spend(), currency),
                            o.commonEarnRate().points()),
                            o.customerIds() == null ? null : o.customerIds().size(), o.dryRun()),
                    job.failure(), o.requestedBy());
        }
    }
}
