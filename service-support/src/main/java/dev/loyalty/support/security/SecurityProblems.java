package dev.loyalty.support.security;

import dev.loyalty.support.ApiExceptionHandler;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 401 {@code unauthenticated} (with {@code WWW-Authenticate}) and 403 {@code forbidden} as problem+json, each refusal
 * counted by reason: {@code security_rejected_requests_total{reason}} (missing, unknown-key, expired-key,
 * invalid-token, forbidden, store-scope). The detail never repeats what was presented.
 */
public final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    public static final String METRIC = "security.rejected.requests";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MeterRegistry metrics;

    public SecurityProblems(MeterRegistry metrics) {
        this.metrics = metrics;
        for (String reason : List.of("missing", "unknown-key", "expired-key", "invalid-token", "forbidden", "store-scope")) {
            metrics.counter(METRIC, "reason", reason); // present at 0 from the start
        }
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure) throws IOException {
        String reason;
        String detail;
        if (failure instanceof CredentialsExpiredException) {
            reason = "expired-key";
            detail = "The API key has expired.";
        } else if (failure instanceof InvalidBearerTokenException || failure.getClass().getName().contains("oauth2")) {
            reason = "invalid-token";
            detail = "The bearer token is not valid.";
        } else if (failure instanceof InsufficientAuthenticationException) {
            reason = "missing";
            detail = "Credentials are required: Authorization: Bearer <key or token>, or X-API-Key: <key>.";
        } else {
            reason = "unknown-key";
            detail = "The API key is not known.";
        }
        metrics.counter(METRIC, "reason", reason).increment();
        response.setHeader("WWW-Authenticate", "Bearer realm=\"loyalty\"");
        write(response, 401, "unauthenticated", "Unauthenticated", detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied) throws IOException {
        metrics.counter(METRIC, "reason", "forbidden").increment();
        write(response, 403, "forbidden", "Forbidden", "These credentials do not have a role that may do this.");
    }

    /** A POS key writing for a store outside its scope (checked by the use case once the body is valid). */
    public void countStoreScope() {
        metrics.counter(METRIC, "reason", "store-scope").increment();
    }

    private static void write(HttpServletResponse response, int status, String code, String title, String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", ApiExceptionHandler.PROBLEM_BASE + code);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(problem));
    }
}
