package dev.loyalty.support.web;

import dev.loyalty.support.ApiExceptionHandler;
import org.apache.catalina.Context;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Errors the servlet container answers itself, before any application code runs (a malformed URL, {@code %00}
 * in a path, a header too large), as problem+json like every other 4xx, instead of Tomcat's HTML page. It takes
 * the place of Tomcat's {@link ErrorReportValve} on the host; a response the application already wrote is left
 * as it is.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Replaces every other error report valve of the context's host with this one (Boot adds Tomcat's own). */
    public static void install(Context context) {
        if (context.getParent() instanceof StandardHost host) {
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                    host.getPipeline().removeValve(valve);
                }
            }
            host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            host.getPipeline().addValve(new ProblemErrorReportValve());
        }
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String code = known == null ? "status-" + status : known.name().toLowerCase().replace('_', '-');
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", ApiExceptionHandler.PROBLEM_BASE + code);
        problem.put("title", known == null ? "Error " + status : known.getReasonPhrase());
        problem.put("status", status);
        problem.put("detail", status >= 500 ? "Something went wrong on our side."
                : "The server could not read the request (malformed request line, URL or headers).");
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(problem));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away or the response cannot take a body: nothing more to say
        }
    }
}
