package dev.loyalty.engine.application;

/** Port: hands a stored job to whichever instance will run it (there is always exactly one). */
public interface RecalculationRequests {

    /** Returns once the request is durably queued. */
    void request(String jobId, java.time.Instant requestedAt);
}
