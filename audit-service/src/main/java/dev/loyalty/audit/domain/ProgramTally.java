package dev.loyalty.audit.domain;

import java.util.HashMap;
import java.util.Map;

/**
 * The program at a glance, kept as the journal records changes (the console's overview, the customers-per-tier
 * gauge): how many customers hold each tier and how many points are outstanding. Each change adds to it once: a
 * customer's first change brings them in, in the tier they held then; a tier change moves them; a points change
 * moves the points. No scan of the customers is ever needed to answer it.
 *
 * @param customersByTier customers per tier code; {@link #NO_TIER} for those holding none
 */
public record ProgramTally(Map<String, Long> customersByTier, long pointsOutstanding) {

    /** The key of customers without a tier (no tier code is empty: codes have 1 to 64 characters). */
    public static final String NO_TIER = "";

    public static final ProgramTally EMPTY = new ProgramTally(Map.of(), 0);

    public ProgramTally {
        customersByTier = Map.copyOf(customersByTier);
    }

    /** With the change {@code entry} counted. */
    public ProgramTally plus(JournalEntry entry) {
        Map<String, Long> customers = new HashMap<>(customersByTier);
        if (entry.sequence() == 1) {
            customers.merge(tierKey(entry.tierBefore()), 1L, Long::sum);
        }
        if (entry.type() == EntryType.TIER_PROMOTED || entry.type() == EntryType.TIER_DEMOTED) {
            customers.merge(tierKey(entry.tierBefore()), -1L, Long::sum);
            customers.merge(tierKey(entry.tierAfter()), 1L, Long::sum);
        }
        customers.values().removeIf(n -> n == 0);
        return new ProgramTally(customers, Math.addExact(pointsOutstanding, entry.pointsDelta()));
    }

    /** Both tallies together (the partitions' tallies make the program's). */
    public ProgramTally plus(ProgramTally other) {
        Map<String, Long> customers = new HashMap<>(customersByTier);
        other.customersByTier.forEach((tier, n) -> customers.merge(tier, n, Long::sum));
        customers.values().removeIf(n -> n == 0);
        return new ProgramTally(customers, Math.addExact(pointsOutstanding, other.pointsOutstanding));
    }

    public long customers() {
        return customersByTier.values().stream().mapToLong(Long::longValue).sum();
    }

    private static String tierKey(String tier) {
        return tier == null ? NO_TIER : tier;
    }
}
