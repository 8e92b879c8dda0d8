package dev.loyalty.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import dev.loyalty.engine.application.ApplyAccountEvents;
import dev.loyalty.engine.domain.AccountEvent;
import dev.loyalty.schemas.AvroEventSerializer;
import dev.loyalty.schemas.AvroEventDeserializer;
import dev.loyalty.schemas.Topics;
import dev.loyalty.schemas.events.OrderPlaced;
import dev.loyalty.schemas.events.OrderReturned;
import dev.loyalty.schemas.events.PointsChanged;
import org.HdrHistogram.Histogram;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * One benchmark run: the workload onto Kafka, its ceilings, the engine, HTTP ingestion, end-to-end and
 * lookup latency at a fixed rate, a recalculation of everybody, then the correctness gate. Prints a
 * table, writes the figures as JSON, and exits non-zero if the gate fails, whatever the speed.
 */
public final class Bench {

    static final List<LoyaltyModel.TierDefinition> TIERS = List.of(
            new LoyaltyModel.TierDefinition("SILVER", 4_000_000, 10_000, 2),
            new LoyaltyModel.TierDefinition("GOLD", 15_000_000, 10_000, 3),
            new LoyaltyModel.TierDefinition("DIAMOND", 60_000_000, 10_000, 5));
    /** The policy change the recalculation applies: lower thresholds, richer rates. */
    static final List<LoyaltyModel.TierDefinition> NEW_TIERS = List.of(
            new LoyaltyModel.TierDefinition("SILVER", 3_000_000, 10_000, 3),
            new LoyaltyModel.TierDefinition("GOLD", 10_000_000, 10_000, 4),
            new LoyaltyModel.TierDefinition("DIAMOND", 50_000_000, 10_000, 6));
    /**
     * The program's lifecycle in the run (contract "Point lifecycle", "Tier lifecycle"): points pending 7 days, expiring
     * at the end of the month after the order's month, a tier kept 30 days after a drop. The records are dated from the
     * first day of the month two months back, so those of that month have expired when they arrive, those of the next
     * expire next month, none falls due during the run, and only the end-to-end orders (dated at the start) are pending.
     */
    static final String PROGRAM = "{\"currency\":\"VND\",\"timeZone\":\"Asia/Ho_Chi_Minh\",\"tierCriterion\":\"LIFETIME_SPEND\","
            + "\"defaultEarnRate\":{\"spend\":10000,\"points\":1},\"pendingDays\":7,"
            + "\"pointsExpiry\":{\"mode\":\"END_OF_MONTH_AFTER_MONTHS\",\"value\":1},"
            + "\"tierRetention\":{\"mode\":\"GRACE_DAYS\",\"days\":30}}";
    static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    static final String ORDERS_TOPIC = Topics.POS_ORDER_EVENTS_NAME;
    static final String CHANGES_TOPIC = Topics.ACCOUNT_CHANGES_NAME;
    static final long HOUR = TimeUnit.HOURS.toMillis(1);

    private final BenchOptions options;
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final LoyaltyModel model;
    private final List<String> keys = new ArrayList<>();
    /** When the workload's records begin: the first day of the month two months before the run's. */
    private final Instant workloadStart;
    /** The time of the HTTP orders: a day after the workload's last record. */
    private final Instant afterWorkload;

    Bench(BenchOptions options) {
        this.options = options;
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        this.model = new LoyaltyModel(TIERS, new LoyaltyModel.Lifecycle(ZONE, 7, 1, 30, now));
        this.workloadStart = YearMonth.from(now.atZone(ZONE)).minusMonths(2).atDay(1).atStartOfDay(ZONE).toInstant();
        this.afterWorkload = workloadStart.plus(Workload.SPAN).plus(Duration.ofDays(1));
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
        boolean passed = new Bench(options).run();
        System.exit(passed ? 0 : 1);
    }

    /** @return whether the correctness gate passed */
    boolean run() throws Exception {
        figures.put("mode", options.mode());
        figures.put("customers", options.customers());
        figures.put("cores", Runtime.getRuntime().availableProcessors());
        figures.put("java", Runtime.version().toString());
        figures.put("maxHeapGiB", Runtime.getRuntime().maxMemory() / (1 << 30));
        boolean passed;
        try (BenchStack stack = BenchStack.start(Topics.DEFAULT_PARTITIONS);
             MongoClient mongo = MongoClients.create(stack.mongoUri(""))) {
            long produced = produceWorkload(stack);
            if (options.parts().contains("engine")) {
                kafkaCeiling(stack, produced);
            }
            ConfigurableApplicationContext loyalty = stack.startLoyalty();
            putProgram(stack.loyaltyPort);
            putTiers(stack.loyaltyPort, TIERS);
            engine(stack, loyalty, produced);
            if (options.parts().contains("engine")) {
                storeCeiling(mongo, loyalty.getEnvironment().getRequiredProperty("spring.kafka.listener.concurrency", Integer.class));
                naive(loyalty);
                ratio("engineToKafkaCeiling", "engineEventsPerSecond", "kafkaCeilingEventsPerSecond");
                ratio("engineToStoreCeiling", "engineEventsPerSecond", "storeCeilingEventsPerSecond");
                ratio("engineToNaive", "engineEventsPerSecond", "naiveEventsPerSecond");
            }
            ConfigurableApplicationContext audit = stack.startAudit();
            journalCatchUp(stack);
            operators(stack);
            ConfigurableApplicationContext orders = stack.startOrders();
            // the runtime the HTTP figures depend on: the JDK, and whether Tomcat serves on virtual threads (Java 21+)
            figures.put("virtualThreads", org.springframework.boot.thread.Threading.VIRTUAL.isActive(orders.getEnvironment()));
            if (options.parts().contains("http")) {
                httpIngestion(stack, List.of(loyalty, audit));
            }
            if (options.parts().contains("e2e")) {
                endToEnd(stack, mongo);
            }
            if (options.parts().contains("lookup")) {
                lookup(stack);
            }
            if (options.parts().contains("history")) {
                history(stack, mongo);
            }
            if (options.parts().contains("recalc")) {
                recalculation(stack);
            }
            stack.awaitCaughtUp("loyalty-service", ORDERS_TOPIC, HOUR);
            stack.awaitCaughtUp("audit-service", CHANGES_TOPIC, HOUR);
            passed = new CorrectnessGate(model, mongo.getDatabase("loyalty").getCollection("customers"),
                    mongo.getDatabase("audit").getCollection("journal")).check(figures);
        }
        Report.print(figures, passed);
        Report.writeJson(options.out(), figures, passed);
        return passed;
    }

    /** The workload onto {@code pos.order-events}, Kafka-direct, as a POS publishing Avro itself would. */
    private long produceWorkload(BenchStack stack) throws Exception {
        Workload workload = new Workload(workloadStart, "c-", options.customers(), options.events(), options.zipf(), options.seed(),
                options.poison(), model);
        AvroEventSerializer serializer = new AvroEventSerializer();
        long[] counts = new long[3];
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                // Order per partition without the idempotent producer: on a starved single-node broker it was seen
                // retrying an OUT_OF_ORDER_SEQUENCE_NUMBER forever. A retried duplicate is what the engine dedupes anyway.
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1),
                new StringSerializer(), new ByteArraySerializer())) {
            workload.generate(event -> {
                byte[] value = switch (event.kind()) {
                    case ORDER -> serializer.serialize(ORDERS_TOPIC, toAvroOrder(event));
                    case RETURN -> serializer.serialize(ORDERS_TOPIC, toAvroReturn(event));
                    case POISON -> "not an Avro single-object encoded event".getBytes(StandardCharsets.UTF_8);
                };
                counts[event.kind().ordinal()]++;
                if (event.kind() != Workload.Kind.POISON) {
                    keys.add(event.customerId());
                }
                producer.send(new ProducerRecord<>(ORDERS_TOPIC, event.customerId(), value));
            });
            producer.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long total = counts[0] + counts[1] + counts[2];
        figures.put("workloadRecords", total);
        figures.put("workloadOrders", counts[0]);
        figures.put("workloadReturns", counts[1]);
        figures.put("workloadPoison", counts[2]);
        figures.put("workloadCustomersWithOrders", model.customers().size());
        figures.put("workloadTierChangingShare", round(100.0 * model.tierChanges() / total, 2) + "%");
        figures.put("produceAndGenerateRecordsPerSecond", Math.round(total / seconds));
        System.out.printf("workload: %,d records on %s in %.1f s%n", total, ORDERS_TOPIC, seconds);
        return total;
    }

    /** A consumer that only deserializes: what the broker and the client can deliver here. */
    private void kafkaCeiling(BenchStack stack, long produced) {
        AvroEventDeserializer deserializer = new AvroEventDeserializer();
        long consumed = 0;
        long start = System.nanoTime();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "bench-kafka-ceiling",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(ORDERS_TOPIC));
            long deadline = System.currentTimeMillis() + HOUR;
            while (consumed < produced && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        deserializer.deserialize(ORDERS_TOPIC, record.value());
                    } catch (RuntimeException poison) {
                        // counted like any record: the engine reads it too
                    }
                    consumed++;
                }
            }
        }
        figures.put("kafkaCeilingEventsPerSecond", Math.round(consumed / ((System.nanoTime() - start) / 1e9)));
    }

    /** The engine from its first poll until it has committed the whole workload. */
    private void engine(BenchStack stack, ConfigurableApplicationContext loyalty, long produced) throws InterruptedException {
        long start = System.nanoTime();
        loyalty.getBean(KafkaListenerEndpointRegistry.class).getListenerContainers().forEach(c -> c.start());
        stack.awaitCaughtUp("loyalty-service", ORDERS_TOPIC, HOUR);
        double seconds = (System.nanoTime() - start) / 1e9;
        figures.put("engineEventsPerSecond", Math.round(produced / seconds));
        System.out.printf("engine: %,d records applied in %.1f s%n", produced, seconds);
    }

    /**
     * The engine's store work without Kafka or rules: per 1,000 records, {@code _id $in} reads of their
     * customers (in slices of 100, as the engine reads) and one unordered bulk of revision-guarded replaces,
     * from as many threads as the engine has consumers, so the store is kept as busy as the engine can keep it.
     */
    private void storeCeiling(MongoClient mongo, int consumers) throws Exception {
        MongoCollection<Document> customers = mongo.getDatabase("loyalty").getCollection("customers");
        List<List<String>> shares = new ArrayList<>(); // each consumer's customers, as the partitions split them
        for (int c = 0; c < consumers; c++) {
            shares.add(new ArrayList<>());
        }
        keys.forEach(key -> shares.get(Math.floorMod(key.hashCode(), consumers)).add(key));
        ExecutorService threads = Executors.newFixedThreadPool(consumers);
        try {
            long start = System.nanoTime();
            List<Future<?>> running = shares.stream()
                    .<Future<?>>map(share -> threads.submit(() -> readAndRewrite(customers, share))).toList();
            for (Future<?> share : running) {
                share.get();
            }
            figures.put("storeCeilingEventsPerSecond", Math.round(keys.size() / ((System.nanoTime() - start) / 1e9)));
        } finally {
            threads.shutdown();
        }
    }

    /** Per 1,000 records: their customers read (sliced like the engine's reads) and written back revision-guarded. */
    private static void readAndRewrite(MongoCollection<Document> customers, List<String> records) {
        for (int from = 0; from < records.size(); from += 1000) {
            List<String> ids = List.copyOf(new LinkedHashSet<>(records.subList(from, Math.min(from + 1000, records.size()))));
            List<WriteModel<Document>> writes = new ArrayList<>();
            for (int slice = 0; slice < ids.size(); slice += 100) { // linear on the stand-in, like the engine's
                customers.find(new Document("_id", new Document("$in", ids.subList(slice, Math.min(slice + 100, ids.size())))))
                        .forEach(d -> {
                            long revision = ((Number) d.get("revision")).longValue();
                            d.put("revision", revision + 1);
                            writes.add(new ReplaceOneModel<>(new Document("_id", d.get("_id")).append("revision", revision), d));
                        });
            }
            customers.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
    }

    /** The same rules with one read and one write per record (and its changes published), no batching. */
    private void naive(ConfigurableApplicationContext loyalty) {
        ApplyAccountEvents apply = loyalty.getBean(ApplyAccountEvents.class);
        List<AccountEvent> events = new ArrayList<>();
        new Workload("naive-", Math.max(1, options.naiveEvents() / 2), options.naiveEvents(), options.zipf(), options.seed() + 1,
                0, new LoyaltyModel(TIERS)).generate(e -> events.add(e.kind() == Workload.Kind.ORDER
                ? new AccountEvent.OrderPlaced(e.eventId(), e.customerId(), e.orderId(), e.amount(), e.occurredAt())
                : new AccountEvent.OrderReturned(e.eventId(), e.customerId(), e.returnId(), e.orderId(), e.amount(), e.occurredAt())));
        long start = System.nanoTime();
        events.forEach(apply::apply);
        figures.put("naiveEventsPerSecond", Math.round(events.size() / ((System.nanoTime() - start) / 1e9)));
    }

    /** audit-service starts after the engine run and records the whole backlog of changes. */
    private void journalCatchUp(BenchStack stack) throws InterruptedException {
        long changes = stack.lag("audit-service", CHANGES_TOPIC);
        long start = System.nanoTime();
        stack.awaitCaughtUp("audit-service", CHANGES_TOPIC, HOUR);
        double seconds = (System.nanoTime() - start) / 1e9;
        figures.put("journalChanges", changes);
        figures.put("journalEntriesPerSecond", Math.round(changes / seconds));
        System.out.printf("journal: %,d changes recorded in %.1f s%n", changes, seconds);
    }

    /**
     * Many clients posting orders as fast as the 202s come back: the ingestion service's own capacity, so the
     * engine and the journal are paused meanwhile (they share the two cores) and catch up afterwards.
     */
    private void httpIngestion(BenchStack stack, List<ConfigurableApplicationContext> downstream) throws InterruptedException {
        downstream.forEach(c -> c.getBean(KafkaListenerEndpointRegistry.class).getListenerContainers().forEach(l -> l.pause()));
        int warmUp = Math.min(2_000, options.httpOrders() / 5);
        int total = Math.min(options.customers(), warmUp + options.httpOrders());
        List<String> bodies = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            String customer = Workload.customerId("c-", (int) ((i * 7919L + 13) % options.customers()));
            long amount = 200_000 + (i % 50) * 10_000L;
            bodies.add("{\"orderId\":\"h-" + i + "\",\"customerId\":\"" + customer + "\",\"storeId\":\"s-1\",\"amount\":" + amount
                    + ",\"currency\":\"VND\",\"occurredAt\":\"" + afterWorkload + "\"}");
            model.order(customer, "h-" + i, amount, afterWorkload);
        }
        HttpLoad.closed(warmUp, options.httpClients(), i -> HttpLoad.post(stack.ordersPort, "/api/v1/orders", bodies.get(i)), 202);
        HttpLoad.Result result = besideCeiling("http", "httpCeiling", stack.ordersPort, total - warmUp,
                i -> HttpLoad.post(stack.ordersPort, "/api/v1/orders", bodies.get(warmUp + i)), 202);
        figures.put("httpOrdersPerSecond", Math.round(result.perSecond()));
        System.out.printf("http: %,d orders, %.0f/s, p99 %.1f ms, %.2f ms CPU each, %.2f cores busy%n", result.ok(),
                result.perSecond(), result.p(99), result.cpuMsPerRequest(), result.coresBusy());
        ratio("httpToCeiling", "httpOrdersPerSecond", "httpCeilingPerSecond");
        downstream.forEach(c -> c.getBean(KafkaListenerEndpointRegistry.class).getListenerContainers().forEach(l -> l.resume()));
        stack.awaitCaughtUp("loyalty-service", ORDERS_TOPIC, HOUR);
        stack.awaitCaughtUp("audit-service", CHANGES_TOPIC, HOUR);
    }

    /**
     * Orders at a fixed rate, each for a new customer; latency from each order's intended send time to its
     * PointsChanged on the topic and to its journal entry (the entry's recordedAt).
     */
    private void endToEnd(BenchStack stack, MongoClient mongo) throws Exception {
        int total = (int) (options.rate() * options.seconds());
        long[] intended = new long[total];
        Map<String, Long> changedAt = new ConcurrentHashMap<>();
        AtomicBoolean listening = new AtomicBoolean(true);
        Thread watcher;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "bench-e2e"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = IntStream.range(0, stack.partitions(CHANGES_TOPIC))
                    .mapToObj(p -> new TopicPartition(CHANGES_TOPIC, p)).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            AvroEventDeserializer deserializer = new AvroEventDeserializer();
            watcher = new Thread(() -> {
                while (listening.get()) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                        long now = epochMicros();
                        if (record.key().startsWith("e2e-")
                                && deserializer.deserialize(CHANGES_TOPIC, record.value()) instanceof PointsChanged) {
                            changedAt.putIfAbsent(record.key(), now);
                        }
                    }
                }
            }, "e2e-watcher");
            watcher.start();
            Instant occurredAt = model.lifecycle().now(); // pending for 7 days: still at the gate
            for (int i = 0; i < total; i++) {
                model.order(e2eCustomer(i), "e2e-o-" + i, 100_000, occurredAt);
            }
            HttpLoad.Result accepted = HttpLoad.open(options.rate(), options.seconds(), i -> HttpLoad.post(stack.ordersPort,
                    "/api/v1/orders", "{\"orderId\":\"e2e-o-" + i + "\",\"customerId\":\"" + e2eCustomer(i)
                            + "\",\"storeId\":\"s-1\",\"amount\":100000,\"currency\":\"VND\",\"occurredAt\":\"" + occurredAt + "\"}"),
                    status -> status == 202, (i, at) -> intended[i] = at);
            long deadline = System.currentTimeMillis() + 120_000;
            while (changedAt.size() < accepted.ok() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            listening.set(false);
            watcher.join();
            Histogram toChange = histogram();
            for (int i = 0; i < total; i++) {
                Long at = changedAt.get(e2eCustomer(i));
                toChange.recordValue(at == null ? toChange.getHighestTrackableValue() : Math.max(0, at - intended[i]));
            }
            stack.awaitCaughtUp("audit-service", CHANGES_TOPIC, HOUR);
            Histogram toJournal = histogram();
            MongoCollection<Document> journal = mongo.getDatabase("audit").getCollection("journal");
            Map<String, Long> recordedAt = new HashMap<>();
            for (int from = 0; from < total; from += 1000) {
                List<String> ids = IntStream.range(from, Math.min(total, from + 1000))
                        .mapToObj(i -> e2eCustomer(i) + ":" + String.format("%019d", 1)).toList();
                journal.find(new Document("_id", new Document("$in", ids)))
                        .forEach(d -> recordedAt.put(d.getString("customerId"), d.getDate("recordedAt").getTime() * 1000));
            }
            for (int i = 0; i < total; i++) {
                Long at = recordedAt.get(e2eCustomer(i));
                toJournal.recordValue(at == null ? toJournal.getHighestTrackableValue() : Math.max(0, at - intended[i]));
            }
            figures.put("e2eOfferedRate", options.rate());
            figures.put("e2eAcceptedPerSecond", Math.round(accepted.perSecond()));
            figures.put("e2eAcceptP99Ms", round(accepted.p(99), 2));
            putPercentiles("e2eToPointsChanged", toChange);
            putPercentiles("e2eToJournal", toJournal);
            figures.put("e2eMissing", total - changedAt.size());
        }
    }

    /** {@code GET /api/v1/customers/{id}} at the fixed rate over the workload's customers. */
    private void lookup(BenchStack stack) throws Exception {
        HttpLoad.Result result = HttpLoad.open(options.rate(), options.seconds(),
                i -> HttpLoad.get(stack.loyaltyPort, "/api/v1/customers/" + keys.get((int) ((i * 104_729L) % keys.size()))),
                status -> status == 200, (i, at) -> { });
        figures.put("lookupRate", options.rate());
        // what the service answered per second: below the offered rate, the latency is queueing
        figures.put("lookupServedPerSecond", Math.round(result.perSecond()));
        putLatency("lookup", result);
        // the lookup's capacity under the same closed load as the ceiling beside it
        int requests = options.httpOrders();
        HttpLoad.closed(Math.min(2_000, requests / 5), options.httpClients(),
                i -> HttpLoad.get(stack.loyaltyPort, "/api/v1/customers/" + keys.get(i % keys.size())), 200);
        HttpLoad.Result capacity = besideCeiling("lookupCapacity", "lookupCeiling", stack.loyaltyPort, requests,
                i -> HttpLoad.get(stack.loyaltyPort, "/api/v1/customers/" + keys.get((int) ((i * 104_729L) % keys.size()))), 200);
        figures.put("lookupCapacityPerSecond", Math.round(capacity.perSecond()));
        System.out.printf("lookup capacity: %.0f/s, p99 %.1f ms, %.2f ms CPU each, %.2f cores busy%n", capacity.perSecond(),
                capacity.p(99), capacity.cpuMsPerRequest(), capacity.coresBusy());
        ratio("lookupToCeiling", "lookupCapacityPerSecond", "lookupCeilingPerSecond");
        // the target's rate once the service has served a while (the phases above warmed its code), and beside it
        // the liveness probe at the same rate: the latency of the generator and the HTTP stack alone on this machine
        lookupAtRate("lookupAtTarget", stack.loyaltyPort, i -> "/api/v1/customers/" + keys.get((int) ((i * 7_919L) % keys.size())));
        lookupAtRate("lookupCeilingAtTarget", stack.loyaltyPort, i -> HttpLoad.LIVENESS);
        lookupByHistory(stack);
    }

    private void lookupAtRate(String name, int port, IntFunction<String> path) throws InterruptedException {
        ThreadCpu threads = ThreadCpu.start();
        HttpLoad.Result result = HttpLoad.open(LOOKUP_TARGET_RATE, options.seconds(), i -> HttpLoad.get(port, path.apply(i)),
                status -> status == 200, (i, at) -> { });
        putLatency(name, result);
        System.out.println(threads.report(name, result.ok()));
        System.out.printf("%s: %d/s offered, p50 %.2f ms, p99 %.2f ms, %.2f ms CPU each, %.2f cores busy%n", name,
                LOOKUP_TARGET_RATE, result.p(50), result.p(99), result.cpuMsPerRequest(), result.coresBusy());
    }

    /** The contract's lookup target: p99 under 10 ms at this rate. */
    static final int LOOKUP_TARGET_RATE = 1_000;

    /** Blocks each path and its ceiling take turns in (path, ceiling, path, ceiling…). */
    static final int ALTERNATING_BLOCKS = 4;

    /**
     * A path and, beside it, the service's own HTTP ceiling: the same closed load ({@code httpClients} clients, the
     * same key) on its liveness probe, a handler that does nothing, so the ceiling is Tomcat, Spring MVC and Spring
     * Security (the key is authenticated on every request, permitted or not) on this machine. The two take turns in
     * blocks and each figure adds up its own blocks: in this one JVM (three services, the broker, the store) the JIT
     * compiles through the whole run, a fifth of the CPU for minutes on two cores, so whichever were measured second
     * would run on warmer code. Turns give both the same share of it. Records {@code <name>*} and
     * {@code <ceilingName>*} and answers the path's result.
     */
    private HttpLoad.Result besideCeiling(String name, String ceilingName, int port, int requests,
                                          IntFunction<HttpRequest> path, int expectedStatus) throws InterruptedException {
        IntFunction<HttpRequest> probe = i -> HttpLoad.get(port, HttpLoad.LIVENESS);
        HttpLoad.closed(Math.min(2_000, requests / 5), options.httpClients(), probe, 200);
        ThreadCpu pathCpu = ThreadCpu.paused();
        ThreadCpu ceilingCpu = ThreadCpu.paused();
        HttpLoad.Result result = null;
        HttpLoad.Result ceiling = null;
        int block = (requests + ALTERNATING_BLOCKS - 1) / ALTERNATING_BLOCKS;
        for (int from = 0; from < requests; from += block) {
            int first = from;
            int size = Math.min(block, requests - from);
            pathCpu.resume();
            HttpLoad.Result part = HttpLoad.closed(size, options.httpClients(), i -> path.apply(first + i), expectedStatus);
            pathCpu.pause();
            result = result == null ? part : result.plus(part);
            ceilingCpu.resume();
            HttpLoad.Result ceilingPart = HttpLoad.closed(size, options.httpClients(), probe, 200);
            ceilingCpu.pause();
            ceiling = ceiling == null ? ceilingPart : ceiling.plus(ceilingPart);
        }
        putLatency(name, result);
        System.out.println(pathCpu.report(name, result.ok()));
        figures.put(ceilingName + "PerSecond", Math.round(ceiling.perSecond()));
        putLatency(ceilingName, ceiling);
        System.out.println(ceilingCpu.report(ceilingName, ceiling.ok()));
        System.out.printf("%s: %.0f/s, p99 %.1f ms, %.2f ms CPU each, %.2f cores busy%n", ceilingName, ceiling.perSecond(),
                ceiling.p(99), ceiling.cpuMsPerRequest(), ceiling.coresBusy());
        return result;
    }

    /**
     * A customer with a long history ({@value #HEAVY_ORDERS} orders) and one with a single order, each looked up at
     * {@value #HISTORY_LOOKUP_RATE}/s, a rate this machine sustains: the lookup's cost should not grow with the orders.
     */
    private void lookupByHistory(BenchStack stack) throws Exception {
        AvroEventSerializer serializer = new AvroEventSerializer();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            Map<String, Integer> orders = Map.of("history-light", 1, "history-heavy", HEAVY_ORDERS);
            orders.forEach((customer, count) -> {
                for (int i = 0; i < count; i++) {
                    String orderId = customer + "-o-" + i;
                    Instant at = workloadStart.plusSeconds(60L * i);
                    model.order(customer, orderId, 100_000, at);
                    producer.send(new ProducerRecord<>(ORDERS_TOPIC, customer, serializer.serialize(ORDERS_TOPIC, toAvroOrder(
                            new Workload.Generated(Workload.Kind.ORDER, customer, "history-e-" + orderId, orderId, null, 100_000, at)))));
                }
            });
        }
        stack.awaitCaughtUp("loyalty-service", ORDERS_TOPIC, HOUR);
        for (String customer : List.of("history-light", "history-heavy")) {
            HttpLoad.Result result = HttpLoad.open(HISTORY_LOOKUP_RATE, options.seconds(),
                    i -> HttpLoad.get(stack.loyaltyPort, "/api/v1/customers/" + customer), status -> status == 200, (i, at) -> { });
            putLatency(customer.equals("history-heavy") ? "lookupHeavy" : "lookupLight", result);
        }
        figures.put("lookupHeavyOrders", HEAVY_ORDERS);
    }

    static final int HEAVY_ORDERS = 1_000;

    /**
     * One customer grown to {@code --history-orders} orders (a wholesale buyer), Kafka-direct; at 1, 1,000, 10,000 and
     * 100,000 orders (those up to the size), {@value #HISTORY_PROBES} more orders over HTTP one at a time, each timed
     * from its 202 to the moment the customer view shows it, and the size of the customer's document. Then a return
     * of the very first order: the points it takes back must be exactly what that order earned. The orders are dated
     * in the workload's first month, so their points have expired when they arrive (no lot is left open: the document
     * holds what the history costs, not the lots).
     */
    private void history(BenchStack stack, MongoClient mongo) throws Exception {
        String customer = "history-wholesale";
        int size = options.historyOrders();
        List<Integer> checkpoints = new ArrayList<>(IntStream.of(1, 1_000, 10_000, 100_000).filter(c -> c <= size).boxed().toList());
        if (!checkpoints.contains(size)) {
            checkpoints.add(size);
        }
        MongoCollection<org.bson.RawBsonDocument> customers = mongo.getDatabase("loyalty")
                .getCollection("customers", org.bson.RawBsonDocument.class);
        AvroEventSerializer serializer = new AvroEventSerializer();
        int placed = 0;
        long spend = 0;
        long growStart = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer())) {
            for (int checkpoint : checkpoints) {
                for (; placed < checkpoint - 1; placed++) { // grown to one below the checkpoint, Kafka-direct
                    String orderId = customer + "-o-" + placed;
                    Instant at = workloadStart.plusSeconds(placed);
                    model.order(customer, orderId, 100_000, at);
                    spend += 100_000;
                    producer.send(new ProducerRecord<>(ORDERS_TOPIC, customer, serializer.serialize(ORDERS_TOPIC, toAvroOrder(
                            new Workload.Generated(Workload.Kind.ORDER, customer, "history-e-" + orderId, orderId, null, 100_000, at)))));
                }
                producer.flush();
                stack.awaitCaughtUp("loyalty-service", ORDERS_TOPIC, HOUR);
                Histogram visible = histogram();
                for (int probe = 0; probe < HISTORY_PROBES; probe++, placed++) { // the checkpoint's order and the next ones
                    String orderId = customer + "-o-" + placed;
                    Instant at = workloadStart.plusSeconds(placed);
                    model.order(customer, orderId, 100_000, at);
                    spend += 100_000;
                    expect(HttpLoad.post(stack.ordersPort, "/api/v1/orders", "{\"orderId\":\"" + orderId + "\",\"customerId\":\""
                            + customer + "\",\"storeId\":\"s-1\",\"amount\":100000,\"currency\":\"VND\",\"occurredAt\":\"" + at + "\"}"), 202);
                    long accepted = System.nanoTime();
                    awaitLifetimeSpend(stack, customer, spend);
                    visible.recordValue((System.nanoTime() - accepted) / 1_000);
                }
                org.bson.RawBsonDocument document = customers.find(new Document("_id", customer)).first();
                String at = "historyAt" + checkpoint;
                figures.put(at + "VisibleP50Ms", round(visible.getValueAtPercentile(50) / 1000.0, 1));
                figures.put(at + "VisibleMaxMs", round(visible.getMaxValue() / 1000.0, 1));
                figures.put(at + "DocumentKiB", round(document.getByteBuffer().remaining() / 1024.0, 1));
                System.out.printf("history: %,d orders, 202 to visible p50 %.1f ms, document %.1f KiB%n", placed,
                        visible.getValueAtPercentile(50) / 1000.0, document.getByteBuffer().remaining() / 1024.0);
            }
        }
        figures.put("historyOrders", placed);
        figures.put("historySeconds", round((System.nanoTime() - growStart) / 1e9, 1));
        // the very first order returned after every later one: exactly its own points come back out
        long before = Long.parseLong(field(HttpLoad.body(HttpLoad.get(stack.loyaltyPort, "/api/v1/customers/" + customer)), "balance"));
        long firstOrderPoints = model.orderPoints(customer, customer + "-o-0");
        model.returned(customer, customer + "-o-0", 100_000);
        expect(HttpLoad.post(stack.ordersPort, "/api/v1/returns", "{\"returnId\":\"" + customer + "-r-0\",\"orderId\":\"" + customer
                + "-o-0\",\"customerId\":\"" + customer + "\",\"amount\":100000,\"currency\":\"VND\",\"occurredAt\":\""
                + workloadStart.plusSeconds(placed) + "\"}"), 202);
        awaitLifetimeSpend(stack, customer, spend - 100_000);
        long after = Long.parseLong(field(HttpLoad.body(HttpLoad.get(stack.loyaltyPort, "/api/v1/customers/" + customer)), "balance"));
        figures.put("historyFirstOrderPoints", firstOrderPoints);
        figures.put("historyFirstReturnTookBack", before - after);
        if (before - after != firstOrderPoints) {
            throw new IllegalStateException("the return of the first order took back " + (before - after) + " points, it earned " + firstOrderPoints);
        }
    }

    private static void awaitLifetimeSpend(BenchStack stack, String customer, long spend) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            String view = HttpLoad.body(HttpLoad.get(stack.loyaltyPort, "/api/v1/customers/" + customer));
            if (view.contains("\"lifetimeSpend\":" + spend + ",") || view.contains("\"lifetimeSpend\":" + spend + "}")) {
                return;
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException(customer + " never showed a lifetime spend of " + spend);
    }

    static final int HISTORY_PROBES = 20;
    static final int HISTORY_LOOKUP_RATE = 100;

    /** A policy change, then everybody's tiers and points recalculated; timed by the job itself. */
    private void recalculation(BenchStack stack) throws Exception {
        stack.awaitCaughtUp("loyalty-service", ORDERS_TOPIC, HOUR); // the job recalculates what every order did
        putTiers(stack.loyaltyPort, NEW_TIERS);
        model.recalculate(NEW_TIERS);
        String started = HttpLoad.body(HttpLoad.post(stack.loyaltyPort, "/api/v1/recalculations", "{\"tiers\":true,\"points\":true}"));
        String jobId = started.replaceAll(".*\"jobId\":\"([^\"]+)\".*", "$1");
        String job;
        do {
            Thread.sleep(200);
            job = HttpLoad.body(HttpLoad.get(stack.loyaltyPort, "/api/v1/recalculations/" + jobId));
        } while (job.contains("\"RUNNING\""));
        if (!job.contains("\"DONE\"")) {
            throw new IllegalStateException("recalculation did not finish: " + job);
        }
        Instant startedAt = Instant.parse(field(job, "startedAt"));
        Instant finishedAt = Instant.parse(field(job, "finishedAt"));
        double seconds = Duration.between(startedAt, finishedAt).toMillis() / 1000.0;
        long processed = Long.parseLong(field(job, "processed"));
        figures.put("recalculationCustomers", processed);
        figures.put("recalculationSeconds", round(seconds, 1));
        figures.put("recalculationCustomersPerSecond", Math.round(processed / seconds));
        figures.put("recalculationChangedTiers", Long.parseLong(field(job, "changedTiers")));
        figures.put("recalculationChangedPoints", Long.parseLong(field(job, "changedPoints")));
        System.out.printf("recalculation: %,d customers in %.1f s%n", processed, seconds);
    }

    /**
     * What operators do between the workload and the HTTP orders, on a few workload customers each: a FLOOR override
     * at GOLD, a FIXED one at SILVER, an adjustment of +500 points, and one taking up to 100 redeemable points.
     */
    private void operators(BenchStack stack) {
        int each = Math.max(1, Math.min(100, options.customers() / 20));
        int step = Math.max(1, options.customers() / (4 * each));
        int overrides = 0;
        int adjustments = 0;
        for (int k = 0; k < 4 * each && k * step < options.customers(); k++) {
            String customer = Workload.customerId("c-", k * step);
            if (model.customer(customer) == null) {
                continue;
            }
            String path = "/api/v1/customers/" + customer;
            switch (k % 4) {
                case 0, 1 -> {
                    LoyaltyModel.Override override = k % 4 == 0 ? new LoyaltyModel.Override(LoyaltyModel.OverrideMode.FLOOR, "GOLD")
                            : new LoyaltyModel.Override(LoyaltyModel.OverrideMode.FIXED, "SILVER");
                    expect(HttpLoad.put(stack.loyaltyPort, path + "/tier-override", "{\"tier\":\"" + override.tier() + "\",\"mode\":\""
                            + override.mode() + "\",\"until\":null,\"note\":\"bench: pinned by an operator\"}"), 201);
                    model.overridden(customer, override);
                    overrides++;
                }
                case 2 -> {
                    adjust(stack, customer, 500);
                    adjustments++;
                }
                default -> {
                    long points = Math.min(100, model.redeemable(customer));
                    if (points > 0) {
                        adjust(stack, customer, -points);
                        adjustments++;
                    }
                }
            }
        }
        figures.put("operatorOverrides", overrides);
        figures.put("operatorAdjustments", adjustments);
    }

    private void adjust(BenchStack stack, String customer, long points) {
        expect(HttpLoad.post(stack.loyaltyPort, "/api/v1/customers/" + customer + "/adjustments", "{\"adjustmentId\":\"bench-"
                + customer + "\",\"points\":" + points + ",\"note\":\"bench: goodwill or correction\"}"), 201);
        model.adjusted(customer, points);
    }

    private static void expect(java.net.http.HttpRequest request, int status) {
        int answered = HttpLoad.send(request);
        if (answered != status) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + answered + ", not " + status);
        }
    }

    private static void putProgram(int port) {
        expect(HttpLoad.put(port, "/api/v1/program", PROGRAM), 200);
    }

    private static void putTiers(int port, List<LoyaltyModel.TierDefinition> tiers) {
        for (int i = 0; i < tiers.size(); i++) {
            LoyaltyModel.TierDefinition t = tiers.get(i);
            String max = i + 1 < tiers.size() ? String.valueOf(tiers.get(i + 1).minSpend() - 1) : "null";
            int status = HttpLoad.send(HttpLoad.put(port, "/api/v1/tiers/" + t.code(), "{\"name\":\"" + t.code() + "\",\"minSpend\":"
                    + t.minSpend() + ",\"maxSpend\":" + max + ",\"earnRate\":{\"spend\":" + t.spend() + ",\"points\":" + t.points()
                    + "},\"minPointBalance\":0,\"active\":true}"));
            if (status != 200) {
                throw new IllegalStateException("tier " + t.code() + " refused: " + status);
            }
        }
    }

    private static String e2eCustomer(int i) {
        return Workload.customerId("e2e-", i);
    }

    private static String field(String json, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + name + "\":\"?([^\",}]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException(name + " missing in " + json);
        }
        return m.group(1);
    }

    private void putLatency(String name, HttpLoad.Result result) {
        figures.put(name + "P50Ms", round(result.p(50), 2));
        figures.put(name + "P99Ms", round(result.p(99), 2));
        figures.put(name + "Failed", result.failed());
        // the CPU of the whole process (every thread on the two cores) per request, and how busy the cores were
        figures.put(name + "CpuMsPerRequest", round(result.cpuMsPerRequest(), 3));
        figures.put(name + "CoresBusy", round(result.coresBusy(), 2));
    }

    private void putPercentiles(String name, Histogram micros) {
        figures.put(name + "P50Ms", round(micros.getValueAtPercentile(50) / 1000.0, 1));
        figures.put(name + "P99Ms", round(micros.getValueAtPercentile(99) / 1000.0, 1));
        figures.put(name + "P999Ms", round(micros.getValueAtPercentile(99.9) / 1000.0, 1));
    }

    private void ratio(String name, String numerator, String denominator) {
        figures.put(name, round(((Number) figures.get(numerator)).doubleValue() / ((Number) figures.get(denominator)).doubleValue(), 2));
    }

    private static Histogram histogram() {
        return new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
    }

    private static long epochMicros() {
        return System.currentTimeMillis() * 1_000;
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    private static SpecificRecord toAvroOrder(Workload.Generated e) {
        return OrderPlaced.newBuilder().setEventId(e.eventId()).setOccurredAt(e.occurredAt()).setCustomerId(e.customerId())
                .setOrderId(e.orderId()).setStoreId("s-1").setAmount(e.amount()).setCurrency("VND").setReceivedAt(e.occurredAt()).build();
    }

    private static SpecificRecord toAvroReturn(Workload.Generated e) {
        return OrderReturned.newBuilder().setEventId(e.eventId()).setOccurredAt(e.occurredAt()).setCustomerId(e.customerId())
                .setReturnId(e.returnId()).setOrderId(e.orderId()).setAmount(e.amount()).setCurrency("VND")
                .setReceivedAt(e.occurredAt()).build();
    }
}
