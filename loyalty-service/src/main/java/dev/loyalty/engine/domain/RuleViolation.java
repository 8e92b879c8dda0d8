package dev.loyalty.engine.domain;

/** An event that breaks a rule and must change nothing (e.g. a return larger than what remains of its order). */
public class RuleViolation extends RuntimeException {

    public RuleViolation(String reason) {
        super(reason);
    }
}
