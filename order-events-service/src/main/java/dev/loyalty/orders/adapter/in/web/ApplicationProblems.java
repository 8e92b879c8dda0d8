package dev.loyalty.orders.adapter.in.web;

import dev.loyalty.orders.application.IdempotencyConflict;
import dev.loyalty.orders.application.PosEventPublisher;
import dev.loyalty.support.ApiExceptionHandler;
import dev.loyalty.support.ApiProblem;
import org.springframework.http.ResponseEntity;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The use cases' refusals, in the contract's terms (answered as problems by the shared handler). */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApplicationProblems {

    @ExceptionHandler(IdempotencyConflict.class)
    ResponseEntity<Object> conflict(IdempotencyConflict e) {
        return ApiExceptionHandler.toResponse(new ApiProblem(HttpStatus.CONFLICT, "idempotency-conflict", e.getMessage()));
    }

    @ExceptionHandler(PosEventPublisher.EventLogUnavailable.class)
    ResponseEntity<Object> unavailable(PosEventPublisher.EventLogUnavailable e) {
        return ApiExceptionHandler.toResponse(new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "event-log-unavailable", e.getMessage()));
    }
}
