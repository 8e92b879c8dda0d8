package dev.loyalty.bench;

import dev.loyalty.audit.AuditApplication;
import dev.loyalty.engine.LoyaltyApplication;
import dev.loyalty.localstack.KafkaBroker;
import dev.loyalty.localstack.LocalStack;
import dev.loyalty.localstack.MongoStandInServer;
import dev.loyalty.orders.OrderEventsApplication;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * What a run measures against, in this JVM: the real Kafka broker (KRaft), the MongoDB stand-in in
 * memory, and the services, each started when its part of the run needs it (so a measurement of the
 * engine is not sharing the two cores with a journal catching up).
 */
final class BenchStack implements AutoCloseable {

    final int partitions;
    final KafkaBroker broker;
    final MongoStandInServer mongo;
    private final Path kafkaDir;
    private final Admin admin;
    private final List<ConfigurableApplicationContext> services = Collections.synchronizedList(new ArrayList<>());
    int ordersPort;
    int loyaltyPort;
    int auditPort;

    private BenchStack(int partitions, KafkaBroker broker, MongoStandInServer mongo, Path kafkaDir) {
        this.partitions = partitions;
        this.broker = broker;
        this.mongo = mongo;
        this.kafkaDir = kafkaDir;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    static BenchStack start(int partitions) {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        try {
            Path kafkaDir = Files.createTempDirectory("bench-kafka");
            int mongoPort = KafkaBroker.freePort();
            MongoStandInServer mongo = MongoStandInServer.start(null, mongoPort);
            KafkaBroker broker = KafkaBroker.start(kafkaDir, KafkaBroker.freePort(), partitions);
            LocalStack.createTopics(broker.bootstrapServers(), partitions);
            return new BenchStack(partitions, broker, mongo, kafkaDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    String mongoUri(String database) {
        return mongo.uri(database);
    }

    /** loyalty-service with its listeners stopped: the run starts them when the input is in place. */
    ConfigurableApplicationContext startLoyalty() throws IOException {
        loyaltyPort = KafkaBroker.freePort();
        return start(LoyaltyApplication.class, loyaltyPort, "loyalty", "--spring.kafka.listener.auto-startup=false",
                "--loyalty.topic-partitions=" + partitions);
    }

    ConfigurableApplicationContext startOrders() throws IOException {
        ordersPort = KafkaBroker.freePort();
        return start(OrderEventsApplication.class, ordersPort, "orders", "--orders.topic-partitions=" + partitions);
    }

    ConfigurableApplicationContext startAudit() throws IOException {
        auditPort = KafkaBroker.freePort();
        return start(AuditApplication.class, auditPort, "audit", "--audit.topic-partitions=" + partitions);
    }

    private ConfigurableApplicationContext start(Class<?> application, int port, String database, String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=" + port,
                "--spring.kafka.bootstrap-servers=" + bootstrapServers(),
                "--spring.mongodb.uri=" + mongoUri(database),
                "--spring.main.register-shutdown-hook=false", "--spring.main.banner-mode=off"));
        args.addAll(dev.loyalty.localstack.DevelopmentKeys.serviceArguments());
        args.addAll(List.of(extra));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(application).run(args.toArray(String[]::new));
        services.add(0, context);
        return context;
    }

    /** Records not yet committed by {@code group} on {@code topic} (all of them before its first commit). */
    long lag(String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (int p = 0; p < partitions(topic); p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            long lag = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                lag += end.getValue().offset() - (done == null ? 0 : done.offset());
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    int partitions(String topic) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Waits until {@code group} has committed everything on {@code topic}. */
    void awaitCaughtUp(String group, String topic, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (lag(group, topic) > 0) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(group + " did not catch up on " + topic + " within " + timeoutMillis + " ms");
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        for (ConfigurableApplicationContext context : List.copyOf(services)) {
            try {
                context.close();
            } catch (RuntimeException e) {
                System.err.println("while stopping: " + e);
            }
        }
        admin.close();
        broker.close();
        mongo.close();
        try (var paths = Files.walk(kafkaDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}
