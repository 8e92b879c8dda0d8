package dev.loyalty.engine.adapter.in.web;

import dev.loyalty.engine.application.ManageProgram;
import dev.loyalty.engine.application.RecalculateAccounts;
import dev.loyalty.engine.application.RecalculationJob;
import dev.loyalty.engine.domain.EarnRate;
import dev.loyalty.support.ApiProblem;
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

    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile(CustomerController.ID);
    static final int MAX_CUSTOMER_IDS = 100_000;

    private final RecalculateAccounts recalculateAccounts;
    private final ManageProgram manageProgram;

    RecalculationController(RecalculateAccounts recalculateAccounts, ManageProgram manageProgram) {
        this.recalculateAccounts = recalculateAccounts;
        this.manageProgram = manageProgram;
    }

    @PostMapping("/api/v1/recalculations")
    ResponseEntity<Map<String, String>> start(@Valid @RequestBody(required = false) RecalculationRequest body) {
        RecalculationRequest request = body == null ? new RecalculationRequest(null, null, null, null, null) : body;
        RecalculationJob job = recalculateAccounts.start(request.toOptions(manageProgram.program().currency()));
        return ResponseEntity.accepted().location(URI.create("/api/v1/recalculations/" + job.jobId()))
                .body(Map.of("jobId", job.jobId()));
    }

    @GetMapping("/api/v1/recalculations/{jobId}")
    JobResponse job(@PathVariable String jobId) {
        return recalculateAccounts.job(jobId).map(job -> JobResponse.of(job, manageProgram.program().currency()))
                .orElseThrow(() -> ApiProblem.notFound("Recalculation " + jobId));
    }

    /** Stops a running job: FAILED at once ("cancelled by an operator"); its runner stops after its current chunk. */
    @org.springframework.web.bind.annotation.DeleteMapping("/api/v1/recalculations/{jobId}")
    JobResponse cancel(@PathVariable String jobId) {
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
     * The contract's request; every field optional: tiers and points default to true, dryRun to false,
     * no {@code commonEarnRate} means each tier's rate, no {@code customerIds} means everybody.
     */
    record RecalculationRequest(Boolean tiers, Boolean points, @Valid ProgramController.EarnRateBody commonEarnRate,
                                List<String> customerIds, Boolean dryRun) {

        RecalculationJob.Options toOptions(String currency) {
            boolean recalculateTiers = tiers == null || tiers;
            boolean recalculatePoints = points == null || points;
            List<ApiProblem.FieldError> errors = new ArrayList<>();
            if (!recalculateTiers && !recalculatePoints) {
                errors.add(new ApiProblem.FieldError("tiers", "tiers and points are both false: there is nothing to recalculate"));
            }
            EarnRate rate = null;
            if (commonEarnRate != null) {
                if (!recalculatePoints) {
                    errors.add(new ApiProblem.FieldError("commonEarnRate", "applies to points only; points is false"));
                } else {
                    rate = commonEarnRate.toEarnRate(currency, "commonEarnRate", errors);
                }
            }
            if (customerIds != null) {
                if (customerIds.isEmpty()) {
                    errors.add(new ApiProblem.FieldError("customerIds", "must not be empty; leave it out (or null) for every customer"));
                } else if (customerIds.size() > MAX_CUSTOMER_IDS) {
                    errors.add(new ApiProblem.FieldError("customerIds", "at most " + MAX_CUSTOMER_IDS
                            + " ids; leave it out to recalculate every customer"));
                }
                for (int i = 0; i < customerIds.size() && errors.size() < 20; i++) {
                    if (customerIds.get(i) == null || !ID.matcher(customerIds.get(i)).matches()) {
                        errors.add(new ApiProblem.FieldError("customerIds[" + i + "]", CustomerController.ID_RULE));
                    }
                }
            }
            if (!errors.isEmpty()) {
                throw ApiProblem.validation(errors);
            }
            return new RecalculationJob.Options(recalculateTiers, recalculatePoints, rate, customerIds, dryRun != null && dryRun);
        }
    }

    /** The contract's job shape, plus what was asked and the customers skipped (unknown ids). */
    record JobResponse(String jobId, String state, long processed, long total, long changedTiers, long changedPoints,
                       long skipped, Instant startedAt, Instant finishedAt, Options options, String failure) {

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
                    job.failure());
        }
    }
}
