package dev.loyalty.bench;

import java.util.Map;

/**
 * The lookup at a fixed rate against a stack already running ({@code ./run-local.sh}), from a process of its own:
 * {@code GET /api/v1/customers/c-<n>} over the customers {@code bench/order.lua} writes, then the liveness probe at
 * the same rate, each after a warm-up at that rate. The same open-loop generator as the bench (latency from each
 * request's intended start, HdrHistogram), but the services do not share its JVM, and the stack's JIT has long
 * finished warming up. {@code bench/lookup-at-rate.sh} runs it.
 */
public final class LookupAtRate {

    private LookupAtRate() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = BenchOptions.flags(args);
        int port = Integer.parseInt(flags.getOrDefault("port", "8082"));
        double rate = Double.parseDouble(flags.getOrDefault("rate", "1000"));
        int seconds = Integer.parseInt(flags.getOrDefault("seconds", "20"));
        int customers = Integer.parseInt(flags.getOrDefault("customers", "500"));
        int rounds = Integer.parseInt(flags.getOrDefault("rounds", "2"));
        java.util.function.IntFunction<String> lookup = i -> "/api/v1/customers/c-" + (int) ((i * 7_919L) % customers);
        measure("warm-up, lookup", port, rate, seconds, lookup);
        measure("warm-up, probe", port, rate, seconds, i -> HttpLoad.LIVENESS);
        for (int round = 1; round <= rounds; round++) {
            measure("lookup " + round, port, rate, seconds, lookup);
            measure("probe " + round, port, rate, seconds, i -> HttpLoad.LIVENESS);
        }
        System.exit(0); // the HTTP client's threads
    }

    private static void measure(String name, int port, double rate, int seconds, java.util.function.IntFunction<String> path)
            throws InterruptedException {
        HttpLoad.Result result = HttpLoad.open(rate, seconds, i -> HttpLoad.get(port, path.apply(i)), status -> status == 200,
                (i, at) -> { });
        System.out.printf("%-16s %,.0f/s offered, %,.0f/s answered, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, "
                        + "%d failed, this process %.2f ms CPU per request%n", name, rate, result.perSecond(), result.p(50),
                result.p(90), result.p(99), result.p(99.9), result.failed(), result.cpuMsPerRequest());
    }
}
