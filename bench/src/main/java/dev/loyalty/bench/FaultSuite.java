package dev.loyalty.bench;

import dev.loyalty.localstack.ComponentProcess;
import dev.loyalty.localstack.KafkaBroker;
import dev.loyalty.schemas.AvroEventSerializer;
import dev.loyalty.schemas.events.OrderPlaced;
import dev.loyalty.schemas.events.OrderReturned;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 15's fault suite: the bench's seeded workload (orders, returns, returns ahead of their orders, exact
 * duplicates, poison), half of the customers over HTTP (each waiting for its 202, sent again until accepted, as a
 * POS does) and half Kafka-direct, streamed into a stack whose every component runs in a process of its own,
 * while it kills loyalty-service ({@code kill -9}) five times and audit-service twice, kills and restarts the
 * broker and the store, and grows loyalty-service from two instances to three (a rebalance). Then every
 * customer's spend, points and tier is reconciled against the generator's independent model, and the journal
 * against the balance: complete (no sequence gap) and summing to it, with no outbox left unpublished.
 * <p>
 * Prints a table and exits 1 on any loss, double count or gap. {@code bench/fault-suite.sh}; {@code FaultSuiteIT}
 * runs it at a small size in {@code ./mvnw verify}.
 */
public final class FaultSuite {

    private static final String ORDERS_TOPIC = "pos.order-events";
    private static final int HTTP_TILLS = 8;
    private static final int SLICES = 12;

    private final int customers;
    private final long events;
    private final long seed;
    private final Path dataDir;
    private final int kafkaPort;
    private final int mongoPort;
    private final int ordersPort;
    private final int auditPort;
    private final List<Integer> loyaltyPorts = new ArrayList<>();
    private final Map<String, ComponentProcess> running = new LinkedHashMap<>();
    private final Map<String, List<String>> arguments = new LinkedHashMap<>();
    private final LoyaltyModel model = new LoyaltyModel(Bench.TIERS);
    private final List<String> faults = new ArrayList<>();
    private final AtomicLong httpSent = new AtomicLong();
    private final AtomicLong httpRetries = new AtomicLong();
    private final AtomicLong kafkaSent = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    FaultSuite(int customers, long events, long seed, Path dataDir) throws IOException {
        this.customers = customers;
        this.events = events;
        this.seed = seed;
        this.dataDir = dataDir;
        this.kafkaPort = KafkaBroker.freePort();
        this.mongoPort = KafkaBroker.freePort();
        this.ordersPort = KafkaBroker.freePort();
        this.auditPort = KafkaBroker.freePort();
        for (int i = 0; i < 3; i++) {
            loyaltyPorts.add(KafkaBroker.freePort());
        }
    }

    /** {@code --customers=N --events=N --seed=N}: prints the table, exits 1 unless nothing was lost, doubled or missing. */
    public static void main(String[] args) throws Exception {
        int customers = 2_000;
        long events = 40_000;
        long seed = 42;
        for (String arg : args) {
            String value = arg.substring(arg.indexOf('=') + 1);
            if (arg.startsWith("--customers=")) {
                customers = Integer.parseInt(value);
            } else if (arg.startsWith("--events=")) {
                events = Long.parseLong(value);
            } else if (arg.startsWith("--seed=")) {
                seed = Long.parseLong(value);
            } else {
                System.err.println("usage: fault-suite.sh [--customers=N] [--events=N] [--seed=N]");
                System.exit(2);
            }
        }
        Path dataDir = Files.createTempDirectory("fault-suite");
        Result result = new FaultSuite(customers, events, seed, dataDir).run();
        System.out.println(result.table());
        System.exit(result.passed() ? 0 : 1);
    }

    /** What the run did and found. */
    record Result(List<String> faults, long eventsSent, long httpSent, long httpRetries, long kafkaSent, long refused,
                  long customersChecked, long lost, long doubleCounted, long journalGaps, long journalMismatches,
                  long outboxBacklog, double seconds, List<String> examples) {

        boolean passed() {
            return customersChecked > 0 && lost == 0 && doubleCounted == 0 && journalGaps == 0 && journalMismatches == 0
                    && outboxBacklog == 0 && refused == 0;
        }

        String table() {
            StringBuilder table = new StringBuilder("\n| fault suite | |\n| --- | --- |\n");
            row(table, "faults injected", faults.size() + ": " + String.join(", ", faults));
            row(table, "events sent", String.format("%,d (%,d over HTTP, %,d retried until accepted; %,d Kafka-direct)",
                    eventsSent, httpSent, httpRetries, kafkaSent));
            row(table, "requests refused (4xx, a bug)", String.valueOf(refused));
            row(table, "customers reconciled", String.format("%,d", customersChecked));
            row(table, "lost (customers short of the model)", String.valueOf(lost));
            row(table, "double-counted (customers above the model)", String.valueOf(doubleCounted));
            row(table, "journal gaps (incomplete journals)", String.valueOf(journalGaps));
            row(table, "journal not summing to the balance", String.valueOf(journalMismatches));
            row(table, "outbox backlog left", String.valueOf(outboxBacklog));
            row(table, "seconds", String.format("%.0f", seconds));
            examples.forEach(e -> table.append("MISMATCH ").append(e).append('\n'));
            table.append(passed() ? "PASSED" : "FAILED").append('\n');
            return table.toString();
        }

        private static void row(StringBuilder table, String name, String value) {
            table.append("| ").append(name).append(" | ").append(value).append(" |\n");
        }
    }

    Result run() throws Exception {
        long start = System.nanoTime();
        try {
            start("kafka", List.of("--only=kafka"));
            start("mongo", List.of("--only=mongo"));
            awaitPort(kafkaPort);
            awaitPort(mongoPort);
            start("orders", List.of("--only=orders"));
            startLoyalty(1);
            startLoyalty(2);
            start("audit", List.of("--only=audit"));
            for (String service : List.of("orders", "loyalty-1", "loyalty-2", "audit")) {
                ComponentProcess.awaitReady(portOf(service), Duration.ofMinutes(3));
            }
            putTiers();

            List<List<Workload.Generated>> slices = slices();
            long sent = stream(slices);

            awaitCaughtUp("loyalty-service", ORDERS_TOPIC, Duration.ofMinutes(5));
            awaitCaughtUp("audit-service", "loyalty.account-changes", Duration.ofMinutes(5));
            return reconcile(sent, (System.nanoTime() - start) / 1e9);
        } finally {
            for (ComponentProcess process : List.copyOf(running.values())) {
                process.close();
            }
        }
    }

    // --- the stack, one process per component

    private void start(String name, List<String> only) {
        List<String> args = new ArrayList<>(only);
        args.addAll(List.of("--data-dir=" + dataDir, "--kafka-port=" + kafkaPort, "--mongo-port=" + mongoPort,
                "--orders-port=" + ordersPort, "--audit-port=" + auditPort,
                "--loyalty-port=" + (name.startsWith("loyalty-") ? portOf(name) : loyaltyPorts.get(0)),
                // the relay and held-return sweep often, so an interrupted writer's outbox is published within the run
                "--loyalty.relay-interval=PT5S"));
        arguments.put(name, args);
        running.put(name, ComponentProcess.start(args, dataDir.resolve("logs"), name));
    }

    private void startLoyalty(int instance) {
        start("loyalty-" + instance, List.of("--only=loyalty"));
    }

    private void kill(String name) {
        running.get(name).kill();
        faults.add("kill -9 " + name);
    }

    private void restart(String name) {
        running.put(name, ComponentProcess.start(arguments.get(name), dataDir.resolve("logs"), name));
    }

    private int portOf(String name) {
        return switch (name) {
            case "orders" -> ordersPort;
            case "audit" -> auditPort;
            case "kafka" -> kafkaPort;
            case "mongo" -> mongoPort;
            default -> loyaltyPorts.get(Integer.parseInt(name.substring("loyalty-".length())) - 1);
        };
    }

    /** The fault injected before slice {@code slice}; the services killed start again while the stream goes on. */
    private void injectFault(int slice) {
        switch (slice) {
            case 1 -> killAndRestart("loyalty-1");
            case 2 -> killAndRestart("audit");
            case 3 -> killAndRestart("loyalty-2");
            case 4 -> {
                kill("kafka");
                faults.set(faults.size() - 1, "kill -9 and restart of the broker");
                restart("kafka");
            }
            case 5 -> {
                startLoyalty(3);
                faults.add("loyalty-service grown from 2 to 3 instances");
            }
            case 6 -> killAndRestart("loyalty-1");
            case 7 -> {
                kill("mongo");
                faults.set(faults.size() - 1, "kill -9 and restart of the store");
                restart("mongo");
            }
            case 8 -> killAndRestart("loyalty-3");
            case 9 -> killAndRestart("audit");
            case 10 -> killAndRestart("loyalty-2");
            default -> {
            }
        }
    }

    private void killAndRestart(String name) {
        kill(name);
        restart(name);
    }

    private void putTiers() {
        for (int i = 0; i < Bench.TIERS.size(); i++) {
            LoyaltyModel.TierDefinition t = Bench.TIERS.get(i);
            String max = i + 1 < Bench.TIERS.size() ? String.valueOf(Bench.TIERS.get(i + 1).minSpend() - 1) : "null";
            int status = HttpLoad.send(HttpLoad.put(loyaltyPorts.get(0), "/api/v1/tiers/" + t.code(), "{\"name\":\"" + t.code()
                    + "\",\"minSpend\":" + t.minSpend() + ",\"maxSpend\":" + max + ",\"earnRate\":{\"spend\":" + t.spend()
                    + ",\"points\":" + t.points() + "},\"minPointBalance\":0,\"active\":true}"));
            if (status != 200) {
                throw new IllegalStateException("tier " + t.code() + " refused: " + status);
            }
        }
    }

    // --- the stream

    /** The workload in stream order, cut into slices; the model sees every record as it is generated. */
    private List<List<Workload.Generated>> slices() {
        List<Workload.Generated> all = new ArrayList<>();
        new Workload("f-", customers, events, 0.5, seed, 5, model).generate(all::add);
        List<List<Workload.Generated>> slices = new ArrayList<>();
        int size = (all.size() + SLICES - 1) / SLICES;
        for (int i = 0; i < all.size(); i += size) {
            slices.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return slices;
    }

    /** Even customers over HTTP, odd ones Kafka-direct; a customer's records keep their order on either path. */
    private static boolean overHttp(Workload.Generated event) {
        return (event.customerId().hashCode() & 1) == 0 && event.kind() != Workload.Kind.POISON;
    }

    private long stream(List<List<Workload.Generated>> slices) throws Exception {
        AvroEventSerializer serializer = new AvroEventSerializer();
        ExecutorService tills = Executors.newFixedThreadPool(HTTP_TILLS);
        long sent = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort, ProducerConfig.ACKS_CONFIG, "all",
                // order per partition kept across the broker's restart; a retried duplicate is what the engine dedupes
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000),
                new StringSerializer(), new ByteArraySerializer())) {
            AtomicLong kafkaFailures = new AtomicLong();
            for (int slice = 0; slice < slices.size(); slice++) {
                injectFault(slice);
                List<LinkedBlockingQueue<Workload.Generated>> queues = new ArrayList<>();
                for (int t = 0; t < HTTP_TILLS; t++) {
                    queues.add(new LinkedBlockingQueue<>());
                }
                for (Workload.Generated event : slices.get(slice)) {
                    sent++;
                    if (overHttp(event)) {
                        queues.get(Math.floorMod(event.customerId().hashCode() >> 1, HTTP_TILLS)).add(event);
                    } else {
                        byte[] value = switch (event.kind()) {
                            case ORDER -> serializer.serialize(ORDERS_TOPIC, avroOrder(event));
                            case RETURN -> serializer.serialize(ORDERS_TOPIC, avroReturn(event));
                            case POISON -> "not an Avro single-object encoded event".getBytes(StandardCharsets.UTF_8);
                        };
                        producer.send(new ProducerRecord<>(ORDERS_TOPIC, event.customerId(), value), (metadata, failure) -> {
                            if (failure != null) {
                                kafkaFailures.incrementAndGet();
                            }
                        });
                        kafkaSent.incrementAndGet();
                    }
                }
                List<Future<?>> drained = new ArrayList<>();
                for (LinkedBlockingQueue<Workload.Generated> queue : queues) {
                    drained.add(tills.submit(() -> {
                        for (Workload.Generated event = queue.poll(); event != null; event = queue.poll()) {
                            sendUntilAccepted(event);
                        }
                        return null;
                    }));
                }
                for (Future<?> till : drained) {
                    till.get();
                }
                System.out.printf("fault suite: slice %d of %d sent (%s)%n", slice + 1, slices.size(),
                        faults.isEmpty() ? "no fault yet" : faults.get(faults.size() - 1));
            }
            producer.flush();
            if (kafkaFailures.get() > 0) {
                throw new IllegalStateException(kafkaFailures.get() + " Kafka-direct records were not acknowledged");
            }
        } finally {
            tills.shutdownNow();
        }
        for (String service : List.of("orders", "loyalty-1", "loyalty-2", "loyalty-3", "audit")) {
            ComponentProcess.awaitReady(portOf(service), Duration.ofMinutes(3));
        }
        return sent;
    }

    /** As a POS: the same request again until it is answered 202 (ACCEPTED or DUPLICATE). */
    private void sendUntilAccepted(Workload.Generated event) throws InterruptedException {
        String body = event.kind() == Workload.Kind.ORDER
                ? "{\"orderId\":\"" + event.orderId() + "\",\"customerId\":\"" + event.customerId() + "\",\"storeId\":\"s-1\",\"amount\":"
                + event.amount() + ",\"currency\":\"VND\",\"occurredAt\":\"" + event.occurredAt() + "\"}"
                : "{\"returnId\":\"" + event.returnId() + "\",\"orderId\":\"" + event.orderId() + "\",\"customerId\":\"" + event.customerId()
                + "\",\"amount\":" + event.amount() + ",\"currency\":\"VND\",\"occurredAt\":\"" + event.occurredAt() + "\"}";
        HttpRequest request = HttpLoad.post(ordersPort, event.kind() == Workload.Kind.ORDER ? "/api/v1/orders" : "/api/v1/returns", body);
        httpSent.incrementAndGet();
        while (true) {
            int status = HttpLoad.send(request);
            if (status == 202) {
                return;
            }
            if (status >= 400 && status < 500) {
                refused.incrementAndGet();
                System.out.println("refused " + status + ": " + body);
                return;
            }
            httpRetries.incrementAndGet();
            Thread.sleep(250);
        }
    }

    // --- the reconciliation

    private Result reconcile(long sent, double seconds) {
        long lost = 0;
        long doubled = 0;
        long gaps = 0;
        long journalMismatches = 0;
        List<String> examples = new ArrayList<>();
        for (Map.Entry<String, LoyaltyModel.Customer> entry : model.customers().entrySet()) {
            String id = entry.getKey();
            LoyaltyModel.Customer expected = entry.getValue();
            String view = HttpLoad.body(HttpLoad.get(loyaltyPorts.get(0), "/api/v1/customers/" + id));
            long spend = number(view, "lifetimeSpend");
            long points = number(view, "balance");
            String tier = view.contains("\"tier\":null") ? null : text(view, "code");
            if (spend < expected.spend || points < expected.points()) {
                lost++;
            } else if (spend > expected.spend || points > expected.points()) {
                doubled++;
            }
            if (spend != expected.spend || points != expected.points() || !Objects.equals(tier, expected.tier().code())) {
                examples.add(id + ": model spend " + expected.spend + " points " + expected.points() + " tier " + expected.tier().code()
                        + ", service " + view);
            }
            long deltas = 0;
            boolean complete = true;
            for (int page = 0; ; page++) {
                String journal = HttpLoad.body(HttpLoad.get(auditPort, "/api/v1/customers/" + id + "/journal?size=500&page=" + page));
                complete &= journal.contains("\"complete\":true");
                Matcher delta = Pattern.compile("\"pointsDelta\":(-?\\d+)").matcher(journal);
                int items = 0;
                while (delta.find()) {
                    deltas += Long.parseLong(delta.group(1));
                    items++;
                }
                if (items < 500) {
                    break;
                }
            }
            if (!complete) {
                gaps++;
                examples.add(id + ": journal incomplete (a change is missing)");
            }
            if (deltas != points) {
                journalMismatches++;
                examples.add(id + ": journal deltas sum to " + deltas + ", balance is " + points);
            }
        }
        long backlog = 0;
        for (int port : loyaltyPorts) {
            String metrics = HttpLoad.body(HttpLoad.get(port, "/actuator/prometheus"));
            Matcher gauge = Pattern.compile("(?m)^loyalty_outbox_backlog\\{[^}]*} ([0-9.E]+)").matcher(metrics);
            if (gauge.find()) {
                backlog = Math.max(backlog, (long) Double.parseDouble(gauge.group(1)));
            }
        }
        return new Result(List.copyOf(faults), sent, httpSent.get(), httpRetries.get(), kafkaSent.get(), refused.get(),
                model.customers().size(), lost, doubled, gaps, journalMismatches, backlog, seconds,
                examples.stream().limit(10).toList());
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(-?\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException(field + " missing in " + json);
        }
        return Long.parseLong(m.group(1));
    }

    private static String text(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    // --- waiting

    private static void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("nothing listens on port " + port);
    }

    /** Until {@code group} has committed every record of {@code topic}, then the group's work is published. */
    private void awaitCaughtUp(String group, String topic, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort))) {
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
                Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
                for (int p = 0; p < partitions; p++) {
                    latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
                long lag = 0;
                for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : admin.listOffsets(latest).all().get().entrySet()) {
                    OffsetAndMetadata done = committed.get(end.getKey());
                    lag += end.getValue().offset() - (done == null ? 0 : done.offset());
                }
                if (lag == 0) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(group + " still " + lag + " records behind on " + topic);
                }
                Thread.sleep(500);
            }
        }
    }

    private static SpecificRecord avroOrder(Workload.Generated e) {
        return OrderPlaced.newBuilder().setEventId(e.eventId()).setOccurredAt(e.occurredAt()).setCustomerId(e.customerId())
                .setOrderId(e.orderId()).setStoreId("s-1").setAmount(e.amount()).setCurrency("VND").setReceivedAt(e.occurredAt()).build();
    }

    private static SpecificRecord avroReturn(Workload.Generated e) {
        return OrderReturned.newBuilder().setEventId(e.eventId()).setOccurredAt(e.occurredAt()).setCustomerId(e.customerId())
                .setReturnId(e.returnId()).setOrderId(e.orderId()).setAmount(e.amount()).setCurrency("VND")
                .setReceivedAt(e.occurredAt()).build();
    }
}
