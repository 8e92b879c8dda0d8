package dev.loyalty.support;

/**
 * A record whose processing stopped before its end on purpose (the instance is shutting down
 * mid-job): it is not committed and not dead-lettered, so it is delivered again, here or to the
 * instance that takes the partition over, which resumes the work.
 */
public class DeliverAgainException extends RuntimeException {

    public DeliverAgainException(String reason) {
        super(reason);
    }
}
