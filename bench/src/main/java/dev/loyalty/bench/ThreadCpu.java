package dev.loyalty.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The CPU each group of threads spent while it was running (thread names without their numbers: the request
 * threads of one service, the broker's handlers, the store's workers, the load generator). Everything here runs in
 * one process, so this says which part of a request's CPU is the service's own. It can be paused and resumed, to
 * add up the blocks of one load that alternates with another.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<String, Long> spentByGroup = new HashMap<>();
    private final Map<Long, Long> startNanos = new HashMap<>();
    private long gcMillis;
    private long jitMillis;
    private long gcStart;
    private long jitStart;
    private boolean running;

    private ThreadCpu() {
    }

    static ThreadCpu start() {
        ThreadCpu cpu = new ThreadCpu();
        cpu.resume();
        return cpu;
    }

    /** Nothing counted yet: counts from the first {@link #resume()}. */
    static ThreadCpu paused() {
        return new ThreadCpu();
    }

    /** The report of {@link #perRequest} and {@link #runtimePerRequest}, under a heading naming the phase. */
    String report(String phase, long requests) {
        return phase + ": ms of CPU per request by thread group\n" + describe(perRequest(requests)) + "\n"
                + runtimePerRequest(requests);
    }

    void resume() {
        startNanos.clear();
        for (var info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null) {
                startNanos.put(info.getThreadId(), Math.max(0, THREADS.getThreadCpuTime(info.getThreadId())));
            }
        }
        gcStart = gcMillis();
        jitStart = jitMillis();
        running = true;
    }

    void pause() {
        if (!running) {
            return;
        }
        for (var info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long now = THREADS.getThreadCpuTime(info.getThreadId());
            long spent = now - startNanos.getOrDefault(info.getThreadId(), 0L);
            if (now > 0 && spent > 0) {
                spentByGroup.merge(info.getThreadName().replaceAll("\\d+", "N"), spent, Long::sum);
            }
        }
        gcMillis += gcMillis() - gcStart;
        jitMillis += jitMillis() - jitStart;
        running = false;
    }

    /** Milliseconds of CPU per request for each group that spent at least 1% of the total, largest first. */
    Map<String, Double> perRequest(long requests) {
        pause();
        long total = spentByGroup.values().stream().mapToLong(Long::longValue).sum();
        return spentByGroup.entrySet().stream()
                .filter(group -> group.getValue() * 100 >= total)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .collect(Collectors.toMap(Map.Entry::getKey, group -> group.getValue() / 1e6 / Math.max(1, requests),
                        (a, b) -> a, LinkedHashMap::new));
    }

    /**
     * The garbage collector's and the JIT compiler's time per request: their threads are not Java threads, so they
     * are the part of the process's CPU that no group above shows. GC time is the collectors' elapsed time (pauses
     * and concurrent cycles), JIT time the compilers' own (elapsed, so it also counts their waits for a core).
     */
    String runtimePerRequest(long requests) {
        pause();
        double each = Math.max(1, requests);
        return String.format("    GC %.3f ms, JIT %.3f ms per request", gcMillis / each, jitMillis / each);
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum();
    }

    private static long jitMillis() {
        var jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    private static String describe(Map<String, Double> groups) {
        return groups.entrySet().stream().map(group -> String.format("%.3f %s", group.getValue(), group.getKey()))
                .collect(Collectors.joining("\n    ", "    ", ""));
    }
}
