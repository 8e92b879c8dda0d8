package dev.loyalty.engine.application;

import dev.loyalty.engine.domain.OrderArchive;
import dev.loyalty.engine.domain.RedemptionRecord;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Port: where orders and redemptions moved out of their accounts live (see {@link OrderArchive}). Every record is found
 * by its customer and id; a customer's whole archive only by a recalculation or an opening balance.
 */
public interface AccountArchive {

    /**
     * Keeps copies of what moved out of accounts, each as the account document of {@code revision} held it. Copying the
     * same again changes nothing, and a copy from an older document never replaces one from a newer: a writer whose
     * account write then loses has copied only what the stored document already held.
     */
    void keep(List<Moved> moved);

    /** The archived records among those asked, per customer (a customer absent from the answer has none of them). */
    Map<String, OrderArchive.Found> find(Map<String, Asked> asked);

    /** Every archived record of each customer. */
    Map<String, OrderArchive.Found> everything(Collection<String> customerIds);

    /** What moved out of one account document (of {@code revision}, the revision stored). */
    record Moved(String customerId, long revision, List<OrderArchive.ArchivedOrder> orders, List<RedemptionRecord> redemptions) {
    }

    record Asked(Set<String> orders, Set<String> redemptions) {
    }
}
