package dev.loyalty.engine.domain;

/** A redemption asks for more than the redeemable points (balance above the tier's locked minimum). */
public class InsufficientPoints extends RuntimeException {

    private final long redeemable;

    public InsufficientPoints(long requested, long redeemable) {
        super("Requested " + requested + " points, " + redeemable + " are redeemable.");
        this.redeemable = redeemable;
    }

    public long redeemable() {
        return redeemable;
    }
}
