package dev.loyalty.engine.application;

import dev.loyalty.engine.domain.AccountEvent;
import dev.loyalty.engine.domain.CustomerAccount;
import dev.loyalty.engine.domain.RedemptionRecord;
import org.springframework.stereotype.Service;

import java.time.Clock;

/**
 * Use case: a customer spends points. Idempotent by redemption id; the tier's locked minimum is
 * honoured; concurrent redemptions cannot overspend together, because each is a revision-guarded
 * write of the whole account (a loser reloads and is judged against the new balance).
 */
@Service
public class RedeemPoints {

    private final CustomerAccounts accounts;
    private final ApplyAccountEvents applyAccountEvents;
    private final Clock clock;

    public RedeemPoints(CustomerAccounts accounts, ApplyAccountEvents applyAccountEvents, Clock clock) {
        this.accounts = accounts;
        this.applyAccountEvents = applyAccountEvents;
        this.clock = clock;
    }

    /**
     * @throws UnknownCustomer                                  if the customer has no account
     * @throws RedemptionConflict                               if the id was used with other points
     * @throws dev.loyalty.engine.domain.InsufficientPoints     if more than the redeemable points are asked
     */
    public Outcome redeem(String customerId, String redemptionId, long points, String orderId) {
        return redeem(customerId, redemptionId, points, orderId, null);
    }

    /** @param actor the operator making it (recorded in the journal), null for a till's redemption */
    public Outcome redeem(String customerId, String redemptionId, long points, String orderId, String actor) {
        CustomerAccounts.StoredAccount stored = accounts.find(customerId).orElseThrow(() -> new UnknownCustomer(customerId));
        RedemptionRecord earlier = stored.account().redemptions().get(redemptionId);
        if (earlier != null) {
            return repeated(earlier, points);
        }
        CustomerAccount.Applied applied;
        try {
            applied = applyAccountEvents.apply(new AccountEvent.PointsRedeemed(redemptionId, customerId, points, orderId, clock.instant(), actor));
        } catch (CustomerAccount.RedemptionConflict archived) { // made long ago with other points: found in the archive
            throw new RedemptionConflict(redemptionId);
        }
        RedemptionRecord record = applied.account().redemption(redemptionId);
        return applied.changes().isEmpty() ? repeated(record, points) : new Outcome(record, true);
    }

    private static Outcome repeated(RedemptionRecord earlier, long points) {
        if (earlier.points() != points) {
            throw new RedemptionConflict(earlier.redemptionId());
        }
        return new Outcome(earlier, false);
    }

    /** The redemption as answered, and whether this call made it (201) or repeated it (200). */
    public record Outcome(RedemptionRecord redemption, boolean created) {
    }

    public static class UnknownCustomer extends RuntimeException {
        public UnknownCustomer(String customerId) {
            super("Customer " + customerId + " not found.");
        }
    }

    public static class RedemptionConflict extends RuntimeException {
        public RedemptionConflict(String redemptionId) {
            super("Redemption " + redemptionId + " was made before with other points.");
        }
    }
}
