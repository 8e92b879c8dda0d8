package dev.loyalty.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The benchmark's input, the same for a given seed: {@code customers} members, each with at least one order
 * and Zipf-distributed activity beyond it, orders with realistic VND amounts, about 10% of the records
 * partial or full returns (some arriving before their order), about 0.5% exact duplicates, and a few poison
 * records. Every generated event is also applied to the {@link LoyaltyModel}, in the order a customer's
 * partition will deliver it.
 */
final class Workload {

    enum Kind { ORDER, RETURN, POISON }

    /** One record for the topic: a duplicate carries the same event id as the original. */
    record Generated(Kind kind, String customerId, String eventId, String orderId, String returnId, long amount,
                     Instant occurredAt) {
    }

    /** The first record's time when a run does not date its records relative to its own start. */
    static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
    static final Duration SPAN = Duration.ofDays(50);

    private final Instant start;
    private final String prefix;
    private final int customers;
    private final long events;
    private final Random random;
    private final double[] cumulative;
    private final LoyaltyModel model;
    private final int poisonRecords;
    private final boolean[] joined;
    private int notYetJoined;
    private int nextNewcomer;

    Workload(String prefix, int customers, long events, double zipfExponent, long seed, int poisonRecords, LoyaltyModel model) {
        this(START, prefix, customers, events, zipfExponent, seed, poisonRecords, model);
    }

    /** @param start the first record's time; the records span {@link #SPAN} from it */
    Workload(Instant start, String prefix, int customers, long events, double zipfExponent, long seed, int poisonRecords,
             LoyaltyModel model) {
        this.start = start;
        this.prefix = prefix;
        this.customers = customers;
        this.events = events;
        this.random = new Random(seed);
        this.model = model;
        this.poisonRecords = poisonRecords;
        this.joined = new boolean[customers];
        this.notYetJoined = customers;
        this.nextNewcomer = customers - 1;
        this.cumulative = new double[customers];
        double sum = 0;
        for (int k = 0; k < customers; k++) {
            sum += 1.0 / Math.pow(k + 1, zipfExponent);
            cumulative[k] = sum;
        }
    }

    static String customerId(String prefix, int index) {
        String digits = Integer.toString(index);
        return prefix + "0".repeat(Math.max(0, 7 - digits.length())) + digits;
    }

    /** Emits every record in stream order; returns how many were emitted (duplicates and poison included). */
    long generate(Consumer<Generated> sink) {
        long emitted = 0;
        long sequence = 0;
        long poisonEvery = poisonRecords == 0 ? Long.MAX_VALUE : Math.max(1, events / (poisonRecords + 1));
        long nextPoison = poisonEvery;
        int poisoned = 0;
        long returns = 0;
        while (emitted < events) {
            sequence++;
            Instant at = start.plusMillis((long) (SPAN.toMillis() * ((double) emitted / events)));
            String customer = customerId(prefix, nextCustomer(events - emitted));
            Generated generated;
            // Returns are due while they are under 10% of the records so far; the next customer with
            // something left to return makes one.
            boolean returnDue = returns < 0.10 * emitted;
            List<Map.Entry<String, Long>> open = returnDue ? model.returnable(customer) : List.of();
            if (!open.isEmpty()) {
                Map.Entry<String, Long> order = open.get(random.nextInt(open.size()));
                long amount = random.nextDouble() < 0.3 ? order.getValue()
                        : Math.max(1_000, Math.min(order.getValue(), roundTo1000((long) (order.getValue() * random.nextDouble()))));
                generated = new Generated(Kind.RETURN, customer, eventId(), order.getKey(), prefix + "r-" + sequence, amount, at);
                model.returned(customer, order.getKey(), amount);
                returns++;
            } else {
                String orderId = prefix + "o-" + sequence;
                long amount = amount();
                generated = new Generated(Kind.ORDER, customer, eventId(), orderId, null, amount, at);
                if (random.nextDouble() < 0.01) { // its return travels ahead of it: the engine holds it until the order comes
                    long returned = Math.max(1_000, roundTo1000((long) (amount * random.nextDouble())));
                    Generated early = new Generated(Kind.RETURN, customer, eventId(), orderId, prefix + "r-" + sequence,
                            Math.min(amount, returned), at);
                    sink.accept(early);
                    emitted++;
                    returns++;
                    model.orderReturnedAhead(customer, orderId, amount, at, early.amount());
                } else {
                    model.order(customer, orderId, amount, at);
                }
            }
            sink.accept(generated);
            emitted++;
            if (random.nextDouble() < 0.005) {
                sink.accept(generated); // an exact duplicate: the same event id
                emitted++;
            }
            if (emitted >= nextPoison && poisoned < poisonRecords) {
                sink.accept(new Generated(Kind.POISON, customer, null, null, null, 0, at));
                emitted++;
                poisoned++;
                nextPoison += poisonEvery;
            }
        }
        return emitted;
    }

    /**
     * Newcomers join at an even pace over the stream, the least active first, so that every member has
     * placed an order by its end; the other picks follow the Zipf distribution over everybody.
     */
    private int nextCustomer(long recordsLeft) {
        int index;
        // a little ahead of pace: some steps emit two records (a duplicate, an early return)
        if (random.nextDouble() < 1.05 * notYetJoined / recordsLeft) {
            while (joined[nextNewcomer]) {
                nextNewcomer--;
            }
            index = nextNewcomer;
        } else {
            index = pick();
        }
        if (!joined[index]) {
            joined[index] = true;
            notYetJoined--;
        }
        return index;
    }

    private int pick() {
        double u = random.nextDouble() * cumulative[customers - 1];
        int low = 0;
        int high = customers - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cumulative[mid] < u) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Log-normal around 300,000 VND, whole thousands, from 10,000 to 50,000,000. */
    private long amount() {
        double value = Math.exp(Math.log(300_000) + random.nextGaussian());
        return Math.max(10_000, Math.min(50_000_000, roundTo1000((long) value)));
    }

    private String eventId() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private static long roundTo1000(long amount) {
        return amount / 1_000 * 1_000;
    }
}
