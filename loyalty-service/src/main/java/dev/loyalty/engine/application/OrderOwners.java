package dev.loyalty.engine.application;

import java.util.Collection;
import java.util.Map;

/**
 * Port: which customer each order belongs to, across all customers (an account only knows its own
 * orders), so a return naming another customer than its order's can be refused.
 */
public interface OrderOwners {

    /** The known owners among {@code orderIds} (order id → customer id), in one read. */
    Map<String, String> ownersOf(Collection<String> orderIds);

    /** Records owners of new orders; an order already recorded keeps its first owner. */
    void record(Map<String, String> ownerByOrder);
}
