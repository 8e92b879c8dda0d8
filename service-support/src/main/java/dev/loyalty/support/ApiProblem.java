package dev.loyalty.support;

import org.springframework.http.HttpStatus;

import java.util.List;

/**
 * A request the API refuses, as the contract names it: HTTP status, the problem code that ends
 * the problem type URI (e.g. {@code insufficient-points}), a human-readable detail and, for
 * validation problems, one error per offending field. Thrown by controllers and use cases alike.
 */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final List<FieldError> errors;

    public ApiProblem(HttpStatus status, String code, String detail) {
        this(status, code, detail, List.of());
    }

    public ApiProblem(HttpStatus status, String code, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    public static ApiProblem validation(List<FieldError> errors) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "validation-failed", "The request has invalid fields.", errors);
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "not-found", what + " not found.");
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** One invalid field: its JSON path (e.g. {@code rows[3].customerId}) and what is wrong with it. */
    public record FieldError(String field, String message) {
    }
}
