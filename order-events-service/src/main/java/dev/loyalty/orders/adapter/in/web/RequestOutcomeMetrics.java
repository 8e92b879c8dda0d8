package dev.loyalty.orders.adapter.in.web;

import dev.loyalty.orders.application.ImportReport;
import dev.loyalty.support.ApiExceptionHandler;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Counts every POS write by endpoint and outcome: {@code pos_requests_total{endpoint, outcome, reason}}
 * with outcome accepted, duplicate or rejected (reason = the problem code, e.g. currency-mismatch),
 * and import rows by outcome: {@code pos_import_rows_total{outcome}}.
 */
@Component
class RequestOutcomeMetrics extends OncePerRequestFilter {

    private static final String OUTCOME = RequestOutcomeMetrics.class.getName() + ".outcome";

    private final MeterRegistry metrics;

    RequestOutcomeMetrics(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    static void outcome(HttpServletRequest request, String outcome) {
        request.setAttribute(OUTCOME, outcome);
    }

    static void importedRows(HttpServletRequest request, ImportReport report) {
        outcome(request, "accepted");
        request.setAttribute(ImportReport.class.getName(), report);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            Object problem = request.getAttribute(ApiExceptionHandler.PROBLEM_CODE_ATTRIBUTE);
            Object outcome = request.getAttribute(OUTCOME);
            metrics.counter("pos.requests", "endpoint", endpoint(request),
                    "outcome", outcome != null ? outcome.toString() : "rejected",
                    "reason", problem != null ? problem.toString() : (outcome != null ? "none" : "status-" + response.getStatus()))
                    .increment();
            if (request.getAttribute(ImportReport.class.getName()) instanceof ImportReport report) {
                metrics.counter("pos.import.rows", "outcome", "accepted").increment(report.accepted());
                metrics.counter("pos.import.rows", "outcome", "duplicate").increment(report.duplicates());
                metrics.counter("pos.import.rows", "outcome", "rejected").increment(report.rejectedCount());
            }
        }
    }

    private static String endpoint(HttpServletRequest request) {
        String uri = request.getRequestURI();
        if (uri.endsWith("/orders")) {
            return "orders";
        }
        if (uri.endsWith("/returns")) {
            return "returns";
        }
        if (uri.endsWith("/opening-balances")) {
            return "opening-balances";
        }
        return "other";
    }
}
