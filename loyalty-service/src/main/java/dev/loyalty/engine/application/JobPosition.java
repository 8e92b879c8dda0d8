package dev.loyalty.engine.application;

/**
 * A customer in a recalculation over everybody. The job runs in ascending customer-id order, and until its
 * cursor (the last customer of its last finished chunk) reaches the customer, a resumed job redoes the chunk and
 * publishes what the first pass stored.
 */
public record JobPosition(String jobId, String customerId) implements Redelivery {

    /** Whether a job whose cursor is {@code cursor} has finished, changes published, the chunk holding this customer. */
    public boolean passedBy(String cursor) {
        return cursor != null && customerId.compareTo(cursor) <= 0;
    }

    /**
     * Whether comparing this id in Java agrees with the store's order against any other id. MongoDB orders strings
     * by their UTF-8 bytes (code points), Java and the stand-in by UTF-16 units: the two differ only where a
     * surrogate pair meets a character from U+E000 up, so an id without any character from U+D800 up always
     * compares the same. Other ids keep an outbox their writer clears.
     */
    public static boolean ordersAlike(String customerId) {
        return customerId.chars().allMatch(c -> c < 0xD800);
    }
}
