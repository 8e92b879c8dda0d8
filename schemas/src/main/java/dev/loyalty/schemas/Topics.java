package dev.loyalty.schemas;

import dev.loyalty.schemas.events.OpeningBalanceImported;
import dev.loyalty.schemas.events.OrderPlaced;
import dev.loyalty.schemas.events.OrderReturned;
import dev.loyalty.schemas.events.PointsChanged;
import dev.loyalty.schemas.events.RecalculationRequested;
import dev.loyalty.schemas.events.TierChanged;

import java.util.Set;

/** The platform's topics with their default names (the contract's table). Keys are customerIds (String). */
public final class Topics {

    /** Default names, as compile-time constants for configuration defaults and listener annotations. */
    public static final String POS_ORDER_EVENTS_NAME = "pos.order-events";
    public static final String ACCOUNT_CHANGES_NAME = "loyalty.account-changes";
    public static final String RECALCULATIONS_NAME = "loyalty.recalculations";

    /** Inputs from POS systems, published by order-events-service or by a POS directly. */
    public static final Topic POS_ORDER_EVENTS = new Topic(POS_ORDER_EVENTS_NAME,
            Set.of(OrderPlaced.class, OrderReturned.class, OpeningBalanceImported.class));

    /** Outputs of loyalty-service, consumed by audit-service (and anyone else). */
    public static final Topic ACCOUNT_CHANGES = new Topic(ACCOUNT_CHANGES_NAME,
            Set.of(PointsChanged.class, TierChanged.class));

    /**
     * Recalculation jobs requested of loyalty-service. One partition, keyed by program: the consumer
     * group hands each job to exactly one instance, and to another if that one stops mid-job.
     */
    public static final Topic RECALCULATIONS = new Topic(RECALCULATIONS_NAME, Set.of(RecalculationRequested.class));

    /** Partitions of every topic the local stack creates; the unit of consumer scale-out. */
    public static final int DEFAULT_PARTITIONS = 12;

    private Topics() {
    }
}
