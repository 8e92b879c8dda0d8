package dev.loyalty.support;

import jakarta.validation.ConstraintViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.exc.MismatchedInputException;

import java.net.URI;
import java.util.Comparator;
import java.util.List;

/**
 * Turns every refused request into RFC 9457 {@code application/problem+json} with the contract's
 * fields ({@code type}, {@code title}, {@code status}, {@code detail}, and {@code errors} for
 * validation). Framework errors (unreadable JSON, wrong types, unknown media types) get the same shape.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    /** Problem types are {@code <base><code>}; the last path segment is the contract's code. */
    public static final String PROBLEM_BASE = "https://loyalty.dev/problems/";

    /** Request attribute holding the problem code of a refused request (for metrics by reason). */
    public static final String PROBLEM_CODE_ATTRIBUTE = ApiExceptionHandler.class.getName() + ".code";

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<Object> apiProblem(ApiProblem problem) {
        return toResponse(problem);
    }

    /** The problem response for {@code problem}; for a service's own advice mapping its use cases' exceptions. */
    public static ResponseEntity<Object> toResponse(ApiProblem problem) {
        return problem(problem.status(), problem.code(), problem.getMessage(), problem.errors());
    }

    /**
     * Anything unforeseen (framework exceptions have their own handlers above): an ApiProblem wrapped by
     * another exception keeps its answer; the rest is a 500 problem without internals (logged).
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiProblem problem) {
                return apiProblem(problem);
            }
        }
        logger.error("Unexpected error", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Something went wrong on our side.", List.of());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> parameterType(MethodArgumentTypeMismatchException e) {
        return problem(HttpStatus.BAD_REQUEST, "validation-failed", "The request has invalid parameters.",
                List.of(new ApiProblem.FieldError(e.getName(), "has an invalid value: " + e.getValue())));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraints(ConstraintViolationException e) {
        return problem(HttpStatus.BAD_REQUEST, "validation-failed", "The request has invalid parameters.",
                e.getConstraintViolations().stream()
                        .map(v -> new ApiProblem.FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                        .sorted(Comparator.comparing(ApiProblem.FieldError::field)).toList());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ApiProblem problem) {
                return apiProblem(problem);
            }
        }
        if (e.getCause() instanceof JacksonException jackson) {
            ApiProblem.FieldError error = fieldError(jackson);
            if (error != null) {
                return problem(HttpStatus.BAD_REQUEST, "validation-failed", "The request has invalid fields.", List.of(error));
            }
        }
        return problem(HttpStatus.BAD_REQUEST, "malformed-request", "The request body is missing or not valid JSON.", List.of());
    }

    /**
     * The field a binding refused and what it must look like ({@code amount}: "must be a number"), or null when the
     * JSON itself is malformed. {@code body} names the document when it is not the object expected.
     */
    public static ApiProblem.FieldError fieldError(JacksonException jackson) {
        if (jackson instanceof StreamConstraintsException
                || !(jackson instanceof MismatchedInputException || jackson instanceof InputCoercionException)) {
            return null;
        }
        String path = jsonPath(jackson);
        Class<?> target = jackson instanceof MismatchedInputException mismatch ? mismatch.getTargetType()
                : ((InputCoercionException) jackson).getTargetType();
        return new ApiProblem.FieldError(path.isEmpty() ? "body" : path, expected(target));
    }

    /** What a value of {@code type} must look like, as a field message (the binding refused what was sent). */
    private static String expected(Class<?> type) {
        if (type == null) {
            return "has the wrong type or format";
        }
        if (type.isEnum()) {
            return "must be one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "must be an ISO-8601 time with offset, e.g. 2026-11-24T10:15:00+07:00";
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class) {
            return "must be a whole number (at most " + (type == Long.class || type == long.class ? Long.MAX_VALUE : Integer.MAX_VALUE) + ")";
        }
        if (Number.class.isAssignableFrom(type)) {
            return "must be a number";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be an array";
        }
        return "must be a JSON object";
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "validation-failed", "The request has invalid fields.",
                e.getFieldErrors().stream()
                        .map(f -> new ApiProblem.FieldError(f.getField(), f.getDefaultMessage()))
                        .sorted(Comparator.comparing(ApiProblem.FieldError::field)).toList());
    }

    /** Constraints on path variables and parameters, and on a body validated with them: each error names its field. */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e, HttpHeaders headers,
                                                                            HttpStatusCode status, WebRequest request) {
        List<ApiProblem.FieldError> errors = new java.util.ArrayList<>();
        for (var result : e.getParameterValidationResults()) {
            if (result instanceof org.springframework.validation.method.ParameterErrors body) {
                body.getFieldErrors().forEach(f -> errors.add(new ApiProblem.FieldError(f.getField(), f.getDefaultMessage())));
            } else {
                String name = result.getMethodParameter().getParameterName();
                result.getResolvableErrors().forEach(err -> errors.add(new ApiProblem.FieldError(name, err.getDefaultMessage())));
            }
        }
        errors.sort(Comparator.comparing(ApiProblem.FieldError::field));
        return problem(HttpStatus.BAD_REQUEST, "validation-failed", "The request has invalid parameters.", errors);
    }

    /** Framework-raised errors (405, 406, 415, missing parameters, ...) keep their status, in our shape. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail detail
                && (detail.getType() == null || detail.getType().equals(URI.create("about:blank")))) {
            String code = HttpStatus.valueOf(status.value()).name().toLowerCase().replace('_', '-');
            detail.setType(URI.create(PROBLEM_BASE + code));
            request.setAttribute(PROBLEM_CODE_ATTRIBUTE, code, WebRequest.SCOPE_REQUEST);
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String code, String detail, List<ApiProblem.FieldError> errors) {
        org.springframework.web.context.request.RequestAttributes attributes =
                org.springframework.web.context.request.RequestContextHolder.getRequestAttributes();
        if (attributes != null) {
            attributes.setAttribute(PROBLEM_CODE_ATTRIBUTE, code, org.springframework.web.context.request.RequestAttributes.SCOPE_REQUEST);
        }
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(URI.create(PROBLEM_BASE + code));
        body.setTitle(titleOf(code));
        if (!errors.isEmpty()) {
            body.setProperty("errors", errors);
        }
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    private static String titleOf(String code) {
        String words = code.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** {@code rows[2].customerId} from Jackson's path of the offending value. */
    private static String jsonPath(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }
}
