package dev.loyalty.bench;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * HTTP load in two shapes. Closed: {@code clients} clients each sending as fast as answers come
 * (throughput). Open: requests started at a fixed rate whatever the answers do, each latency measured
 * from its <em>intended</em> start, so a stall is charged to every request it delayed (no coordinated
 * omission).
 */
final class HttpLoad {

    /** Connections a fixed-rate run may hold open at once (beyond, starts wait, and their wait is measured). */
    static final int MAX_IN_FLIGHT = 256;

    /** The liveness probe: a handler that does nothing, so its rate is the HTTP stack's own (a service's ceiling). */
    static final String LIVENESS = "/actuator/health/liveness";

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * What a run did: requests answered as expected, the others, the wall time, latencies in microseconds, and the
     * CPU the whole process spent meanwhile (every thread: generator, services, broker, store).
     */
    record Result(long ok, long failed, double seconds, Histogram latencyMicros, double cpuSeconds) {

        double perSecond() {
            return ok / seconds;
        }

        /** Milliseconds of the process's CPU per answered request. */
        double cpuMsPerRequest() {
            return cpuSeconds * 1000 / Math.max(1, ok);
        }

        /** Cores busy on average over the run. */
        double coresBusy() {
            return cpuSeconds / seconds;
        }

        double p(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }

        /** Two runs of the same load taken as one: counts, time, CPU added, latencies merged. */
        Result plus(Result other) {
            Histogram latencies = latencyMicros.copy();
            latencies.add(other.latencyMicros);
            return new Result(ok + other.ok, failed + other.failed, seconds + other.seconds, latencies, cpuSeconds + other.cpuSeconds);
        }
    }

    static Result closed(int requests, int clients, IntFunction<HttpRequest> request, int expectedStatus) throws InterruptedException {
        Histogram latencies = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        AtomicLong next = new AtomicLong();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                for (long i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    long sent = System.nanoTime();
                    boolean answered = send(request.apply((int) i)) == expectedStatus;
                    record(latencies, (System.nanoTime() - sent) / 1_000);
                    (answered ? ok : failed).incrementAndGet();
                    if (!answered) {
                        untilAccepted(request.apply((int) i), status -> status == expectedStatus);
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        return new Result(ok.get(), failed.get(), (System.nanoTime() - start) / 1e9, latencies,
                (processCpuNanos() - cpuStart) / 1e9);
    }

    /**
     * {@code rate} requests per second for {@code seconds}; request {@code i} is intended to start at
     * {@code start + i / rate}. {@code onSent} hears each request's index and intended start (epoch micros).
     */
    static Result open(double rate, int seconds, IntFunction<HttpRequest> request, IntPredicate expected, Sent onSent)
            throws InterruptedException {
        Histogram latencies = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        int total = (int) (rate * seconds);
        long startNanos = System.nanoTime();
        long cpuStart = processCpuNanos();
        long startEpochMicros = System.currentTimeMillis() * 1_000;
        java.util.concurrent.CountDownLatch answered = new java.util.concurrent.CountDownLatch(total);
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(MAX_IN_FLIGHT);
        java.util.Queue<Integer> failedIndexes = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int i = 0; i < total; i++) {
            long intended = startNanos + (long) (i * 1e9 / rate);
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            inFlight.acquire(); // a late start still counts from its intended time
            int index = i;
            onSent.sent(i, startEpochMicros + (intended - startNanos) / 1_000);
            CLIENT.sendAsync(request.apply(i), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                record(latencies, (System.nanoTime() - intended) / 1_000);
                boolean accepted = error == null && expected.test(response.statusCode());
                (accepted ? ok : failed).incrementAndGet();
                if (!accepted) {
                    failedIndexes.add(index);
                }
                inFlight.release();
                answered.countDown();
            });
        }
        answered.await(5, TimeUnit.MINUTES);
        failedIndexes.forEach(i -> untilAccepted(request.apply(i), expected::test));
        return new Result(ok.get(), failed.get(), (System.nanoTime() - startNanos) / 1e9, latencies,
                (processCpuNanos() - cpuStart) / 1e9);
    }

    /**
     * What a POS does after an error: the same request again (idempotent by its id) until it is accepted,
     * so the generator's model, which counts every order, stays true. Failures are still reported.
     */
    private static void untilAccepted(HttpRequest request, java.util.function.IntPredicate accepted) {
        for (int attempt = 0; attempt < 30; attempt++) {
            if (accepted.test(send(request))) {
                return;
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("not accepted after 30 attempts: " + request.uri());
    }

    interface Sent {
        void sent(int index, long intendedEpochMicros);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static int send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The bench calls as the local stack's administrator (its development key). */
    private static HttpRequest.Builder to(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + dev.loyalty.localstack.DevelopmentKeys.ADMIN);
    }

    static HttpRequest post(int port, String path, String json) {
        return to(port, path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    static HttpRequest put(int port, String path, String json) {
        return to(port, path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    static HttpRequest get(int port, String path) {
        return to(port, path).GET().build();
    }

    static String body(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static synchronized void record(Histogram histogram, long micros) {
        histogram.recordValue(Math.min(Math.max(0, micros), histogram.getHighestTrackableValue()));
    }
}
