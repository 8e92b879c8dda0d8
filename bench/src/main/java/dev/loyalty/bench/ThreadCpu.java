package dev.loyalty.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The CPU each group of threads spent between two snapshots (thread names without their numbers: the request
 * threads of one service, the broker's handlers, the store's workers, the load generator). Everything here runs in
 * one process, so this says which part of a request's CPU is the service's own.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> startNanos = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();

    private ThreadCpu() {
    }

    static ThreadCpu start() {
        ThreadCpu snapshot = new ThreadCpu();
        for (var info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null) {
                snapshot.startNanos.put(info.getThreadId(), Math.max(0, THREADS.getThreadCpuTime(info.getThreadId())));
            }
        }
        return snapshot;
    }

    /** Milliseconds of CPU per request for each group that spent at least 1% of the total, largest first. */
    Map<String, Double> perRequest(long requests) {
        Map<String, Long> byGroup = new HashMap<>();
        for (var info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long now = THREADS.getThreadCpuTime(info.getThreadId());
            long spent = now - startNanos.getOrDefault(info.getThreadId(), 0L);
            if (now > 0 && spent > 0) {
                byGroup.merge(info.getThreadName().replaceAll("\\d+", "N"), spent, Long::sum);
            }
        }
        long total = byGroup.values().stream().mapToLong(Long::longValue).sum();
        return byGroup.entrySet().stream()
                .filter(group -> group.getValue() * 100 >= total)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .collect(Collectors.toMap(Map.Entry::getKey, group -> group.getValue() / 1e6 / Math.max(1, requests),
                        (a, b) -> a, LinkedHashMap::new));
    }

    static String describe(Map<String, Double> groups) {
        return groups.entrySet().stream().map(group -> String.format("%.3f %s", group.getValue(), group.getKey()))
                .collect(Collectors.joining("\n    ", "    ", ""));
    }
}
