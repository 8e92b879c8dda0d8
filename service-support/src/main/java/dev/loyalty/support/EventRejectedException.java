package dev.loyalty.support;

/**
 * An event that is well-formed but breaks a rule (a return larger than what remains of its order,
 * an event type a topic must not carry). Retrying cannot help: it goes straight to the
 * dead-letter topic with this message as the reason, and the partition moves on.
 */
public class EventRejectedException extends RuntimeException {

    public EventRejectedException(String reason) {
        super(reason);
    }
}
