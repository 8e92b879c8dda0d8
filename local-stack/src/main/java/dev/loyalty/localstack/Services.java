package dev.loyalty.localstack;

import dev.loyalty.audit.AuditApplication;
import dev.loyalty.engine.LoyaltyApplication;
import dev.loyalty.orders.OrderEventsApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The three services, each its own Spring application context with its own port, started in
 * parallel in this JVM against the given broker and MongoDB (embedded or real).
 */
public final class Services implements AutoCloseable {

    private final List<ConfigurableApplicationContext> contexts;

    private Services(List<ConfigurableApplicationContext> contexts) {
        this.contexts = contexts;
    }

    /**
     * @param mongoUriPrefix e.g. {@code mongodb://127.0.0.1:27017/}; each service appends its database name
     */
    public static Services start(String bootstrapServers, String mongoUriPrefix, Ports ports, int partitions) {
        List<CompletableFuture<ConfigurableApplicationContext>> starting = List.of(
                start(OrderEventsApplication.class, ports.orders(), bootstrapServers, mongoUriPrefix + "orders",
                        "--orders.topic-partitions=" + partitions),
                start(LoyaltyApplication.class, ports.loyalty(), bootstrapServers, mongoUriPrefix + "loyalty",
                        "--loyalty.topic-partitions=" + partitions),
                start(AuditApplication.class, ports.audit(), bootstrapServers, mongoUriPrefix + "audit",
                        "--audit.topic-partitions=" + partitions));
        List<ConfigurableApplicationContext> contexts = new ArrayList<>();
        RuntimeException failure = null;
        for (CompletableFuture<ConfigurableApplicationContext> context : starting) {
            try {
                contexts.add(context.join());
            } catch (CompletionException e) {
                failure = failure == null ? new IllegalStateException("a service did not start", e.getCause()) : failure;
            }
        }
        Services services = new Services(contexts);
        if (failure != null) {
            services.close();
            throw failure;
        }
        return services;
    }

    private static CompletableFuture<ConfigurableApplicationContext> start(Class<?> application, int port, String bootstrapServers,
                                                                         String mongoUri, String extra) {
        return CompletableFuture.supplyAsync(() -> new SpringApplicationBuilder(application)
                .run("--server.port=" + port,
                        "--spring.kafka.bootstrap-servers=" + bootstrapServers,
                        "--spring.mongodb.uri=" + mongoUri,
                        // the local stack stops the services itself, before the broker and the store
                        "--spring.main.register-shutdown-hook=false",
                        "--spring.main.banner-mode=off",
                        extra));
    }

    @Override
    public void close() {
        // ingestion first (no new input), the journal last (it can still record what loyalty publishes while stopping)
        contexts.forEach(ConfigurableApplicationContext::close);
    }

    /** HTTP ports of order-events-service, loyalty-service and audit-service. */
    public record Ports(int orders, int loyalty, int audit) {

        public static final Ports DEFAULT = new Ports(8081, 8082, 8083);
    }
}
