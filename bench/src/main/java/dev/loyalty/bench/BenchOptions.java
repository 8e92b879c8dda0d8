package dev.loyalty.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The run's sizes. {@code --mode=quick} (default) finishes in under two minutes (2 s of fixed-rate load,
 * 1,000 naive records, 3,000 HTTP orders); {@code --mode=full} is the one the README's figures come from. Every size can be
 * overridden: {@code --customers=N --events=N --http-orders=N --rate=N --seconds=N --naive-events=N
 * --seed=N --out=FILE --history-orders=N --parts=engine,http,e2e,lookup,history,recalc}.
 */
record BenchOptions(String mode, int customers, long events, double zipf, int poison, int naiveEvents, int httpOrders,
                    int httpClients, double rate, int seconds, long seed, Set<String> parts, Path out, int historyOrders) {

    static final Set<String> ALL_PARTS = Set.of("engine", "http", "e2e", "lookup", "history", "recalc");

    static BenchOptions parse(String[] args) {
        Map<String, String> flags = flags(args);
        String mode = flags.getOrDefault("mode", "quick");
        boolean full = mode.equals("full");
        if (!full && !mode.equals("quick")) {
            throw new IllegalArgumentException("--mode is quick or full");
        }
        Set<String> parts = flags.containsKey("parts") ? Set.of(flags.get("parts").split(",")) : ALL_PARTS;
        if (!ALL_PARTS.containsAll(parts)) {
            throw new IllegalArgumentException("--parts is a list of " + ALL_PARTS);
        }
        return new BenchOptions(mode,
                Integer.parseInt(flags.getOrDefault("customers", full ? "1000000" : "20000")),
                Long.parseLong(flags.getOrDefault("events", full ? "2000000" : "60000")),
                Double.parseDouble(flags.getOrDefault("zipf", "0.5")),
                Integer.parseInt(flags.getOrDefault("poison", full ? "10" : "3")),
                Integer.parseInt(flags.getOrDefault("naive-events", full ? "20000" : "1000")),
                Integer.parseInt(flags.getOrDefault("http-orders", full ? "100000" : "3000")),
                Integer.parseInt(flags.getOrDefault("http-clients", "64")),
                Double.parseDouble(flags.getOrDefault("rate", "2000")),
                Integer.parseInt(flags.getOrDefault("seconds", full ? "30" : "2")),
                Long.parseLong(flags.getOrDefault("seed", "42")),
                parts,
                Path.of(flags.getOrDefault("out", "bench/target/bench-" + mode + ".json")),
                Integer.parseInt(flags.getOrDefault("history-orders", full ? "100000" : "10000")));
    }

    /** {@code --name=value} flags by name; anything else is refused. */
    static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("flags are --name=value, got " + arg);
            }
            flags.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return flags;
    }
}
