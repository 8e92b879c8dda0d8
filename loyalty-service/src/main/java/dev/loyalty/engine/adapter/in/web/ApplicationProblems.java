package dev.loyalty.engine.adapter.in.web;

import dev.loyalty.engine.application.ManageProgram;
import dev.loyalty.engine.application.RecalculateAccounts;
import dev.loyalty.engine.application.RedeemPoints;
import dev.loyalty.engine.domain.InsufficientPoints;
import dev.loyalty.engine.domain.TierPolicy;
import dev.loyalty.support.ApiExceptionHandler;
import dev.loyalty.support.ApiProblem;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The use cases' refusals, in the contract's terms. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApplicationProblems {

    @ExceptionHandler(InsufficientPoints.class)
    ResponseEntity<Object> insufficient(InsufficientPoints e) {
        return ApiExceptionHandler.toResponse(new ApiProblem(HttpStatus.CONFLICT, "insufficient-points", e.getMessage()));
    }

    @ExceptionHandler(RedeemPoints.RedemptionConflict.class)
    ResponseEntity<Object> conflict(RedeemPoints.RedemptionConflict e) {
        return ApiExceptionHandler.toResponse(new ApiProblem(HttpStatus.CONFLICT, "idempotency-conflict", e.getMessage()));
    }

    @ExceptionHandler(dev.loyalty.engine.domain.CustomerAccount.AdjustmentConflict.class)
    ResponseEntity<Object> adjustmentConflict(dev.loyalty.engine.domain.CustomerAccount.AdjustmentConflict e) {
        return ApiExceptionHandler.toResponse(new ApiProblem(HttpStatus.CONFLICT, "idempotency-conflict", e.getMessage()));
    }

    @ExceptionHandler(RedeemPoints.UnknownCustomer.class)
    ResponseEntity<Object> unknown(RedeemPoints.UnknownCustomer e) {
        return ApiExceptionHandler.toResponse(new ApiProblem(HttpStatus.NOT_FOUND, "not-found", e.getMessage()));
    }

    @ExceptionHandler(TierPolicy.TierOverlapException.class)
    ResponseEntity<Object> overlap(TierPolicy.TierOverlapException e) {
        return ApiExceptionHandler.toResponse(new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "tier-overlap", e.getMessage()));
    }

    @ExceptionHandler(RecalculateAccounts.JobAlreadyRunning.class)
    ResponseEntity<Object> running(RecalculateAccounts.JobAlreadyRunning e) {
        ResponseEntity<Object> response = ApiExceptionHandler.toResponse(
                new ApiProblem(HttpStatus.CONFLICT, "recalculation-running", e.getMessage()));
        ((org.springframework.http.ProblemDetail) response.getBody()).setProperty("runningJobId", e.runningJobId());
        return response;
    }

    @ExceptionHandler(RecalculateAccounts.JobNotRunning.class)
    ResponseEntity<Object> notRunning(RecalculateAccounts.JobNotRunning e) {
        return ApiExceptionHandler.toResponse(new ApiProblem(HttpStatus.CONFLICT, "recalculation-not-running", e.getMessage()));
    }

    @ExceptionHandler(RecalculateAccounts.UnknownJob.class)
    ResponseEntity<Object> unknownJob(RecalculateAccounts.UnknownJob e) {
        return ApiExceptionHandler.toResponse(new ApiProblem(HttpStatus.NOT_FOUND, "not-found", e.getMessage()));
    }

    @ExceptionHandler(ManageProgram.TierInUse.class)
    ResponseEntity<Object> inUse(ManageProgram.TierInUse e) {
        return ApiExceptionHandler.toResponse(new ApiProblem(HttpStatus.CONFLICT, "tier-in-use", e.getMessage()));
    }
}
