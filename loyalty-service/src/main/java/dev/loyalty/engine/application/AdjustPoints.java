package dev.loyalty.engine.application;

import dev.loyalty.engine.domain.AccountEvent;
import dev.loyalty.engine.domain.AdjustmentRecord;
import dev.loyalty.engine.domain.CustomerAccount;
import org.springframework.stereotype.Service;

import java.time.Clock;

/**
 * Use case: an operator adjusts a customer's points by hand, with a note (contract "Manual adjustment"). Idempotent
 * per customer by adjustment id: the same again answers the same, other content is a conflict; a negative one never
 * takes more than is redeemable (revision-guarded writes, as redemptions).
 */
@Service
public class AdjustPoints {

    private final CustomerAccounts accounts;
    private final ApplyAccountEvents applyAccountEvents;
    private final Clock clock;

    public AdjustPoints(CustomerAccounts accounts, ApplyAccountEvents applyAccountEvents, Clock clock) {
        this.accounts = accounts;
        this.applyAccountEvents = applyAccountEvents;
        this.clock = clock;
    }

    /**
     * @throws RedeemPoints.UnknownCustomer            if the customer has no account
     * @throws CustomerAccount.AdjustmentConflict      if the id was used with other points or another note
     * @throws dev.loyalty.engine.domain.InsufficientPoints if a negative adjustment exceeds what is redeemable
     */
    public Outcome adjust(String customerId, String adjustmentId, long points, String note, String actor) {
        CustomerAccounts.StoredAccount stored = accounts.find(customerId).orElseThrow(() -> new RedeemPoints.UnknownCustomer(customerId));
        AdjustmentRecord earlier = stored.account().adjustments().get(adjustmentId);
        if (earlier != null) {
            return repeated(earlier, points, note);
        }
        var applied = applyAccountEvents.apply(new AccountEvent.PointsAdjusted(adjustmentId, customerId, points, note, clock.instant(), actor));
        AdjustmentRecord record = applied.account().adjustments().get(adjustmentId);
        return applied.changes().stream().anyMatch(c -> c.sourceEventId().equals("adjustment:" + adjustmentId))
                ? new Outcome(record, true) : repeated(record, points, note);
    }

    private static Outcome repeated(AdjustmentRecord earlier, long points, String note) {
        if (!earlier.sameContentAs(points, note)) {
            throw new CustomerAccount.AdjustmentConflict(earlier.adjustmentId());
        }
        return new Outcome(earlier, false);
    }

    /** The adjustment as answered, and whether this call made it (201) or repeated it (200). */
    public record Outcome(AdjustmentRecord adjustment, boolean created) {
    }
}
