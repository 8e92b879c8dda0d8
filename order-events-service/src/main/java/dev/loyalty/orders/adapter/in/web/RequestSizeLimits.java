package dev.loyalty.orders.adapter.in.web;

import dev.loyalty.orders.config.OrderEventsProperties;
import dev.loyalty.support.ApiExceptionHandler;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Request body limits: JSON writes and JSON imports are parsed in memory, so they are capped
 * ({@code orders.max-json-body}, {@code orders.max-json-import}); CSV imports are streamed and
 * uncapped. A larger body is a 413 problem, whether or not the client declared its length.
 */
@Component
class RequestSizeLimits extends OncePerRequestFilter {

    private final OrderEventsProperties properties;

    RequestSizeLimits(OrderEventsProperties properties) {
        this.properties = properties;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String type = request.getContentType();
        return !request.getRequestURI().startsWith("/api/") || (type != null && type.startsWith("text/csv"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        DataSize limit = request.getRequestURI().endsWith("/opening-balances")
                ? properties.maxJsonImport() : properties.maxJsonBody();
        if (request.getContentLengthLong() > limit.toBytes()) {
            tooLarge(request, response, limit);
            return;
        }
        chain.doFilter(new Limited(request, limit.toBytes()), response);
    }

    static void tooLarge(HttpServletRequest request, HttpServletResponse response, DataSize limit) throws IOException {
        request.setAttribute(ApiExceptionHandler.PROBLEM_CODE_ATTRIBUTE, "payload-too-large");
        response.setStatus(413);
        response.setContentType("application/problem+json");
        response.getWriter().write("{\"type\":\"" + ApiExceptionHandler.PROBLEM_BASE + "payload-too-large\","
                + "\"title\":\"Payload too large\",\"status\":413,\"detail\":\"The request body is larger than "
                + limit.toKilobytes() + " KB; send large imports as text/csv.\"}");
    }

    /** Counts what is read, for bodies sent without a Content-Length (chunked). */
    private static final class Limited extends HttpServletRequestWrapper {

        private final long limit;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    count(b < 0 ? 0 : 1);
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = in.read(buffer, offset, length);
                    count(Math.max(n, 0));
                    return n;
                }

                private void count(int n) {
                    read += n;
                    if (read > limit) {
                        throw new dev.loyalty.support.ApiProblem(org.springframework.http.HttpStatus.CONTENT_TOO_LARGE,
                                "payload-too-large", "The request body is larger than " + (limit / 1024) + " KB; send large imports as text/csv.");
                    }
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }
}
