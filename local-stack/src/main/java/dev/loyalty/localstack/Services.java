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
        return start(List.of(Service.values()), bootstrapServers, mongoUriPrefix, ports, partitions, List.of());
    }

    /**
     * Some of the services, in parallel.
     *
     * @param extra more arguments for every service, e.g. {@code --loyalty.relay-interval=PT2S}
     */
    public static Services start(List<Service> which, String bootstrapServers, String mongoUriPrefix, Ports ports, int partitions,
                                 List<String> extra) {
        List<CompletableFuture<ConfigurableApplicationContext>> starting = which.stream()
                .map(service -> start(service.application, ports, bootstrapServers, mongoUriPrefix + service.database,
                        partitions, service, extra)).toList();
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

    private static CompletableFuture<ConfigurableApplicationContext> start(Class<?> application, Ports ports, String bootstrapServers,
                                                                         String mongoUri, int partitions, Service service,
                                                                         List<String> extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=" + service.port(ports),
                "--spring.kafka.bootstrap-servers=" + bootstrapServers,
                "--spring.mongodb.uri=" + mongoUri,
                // the local stack stops the services itself, before the broker and the store
                "--spring.main.register-shutdown-hook=false",
                "--spring.main.banner-mode=off",
                "--" + service.database + ".topic-partitions=" + partitions));
        if (extra.stream().noneMatch(a -> a.startsWith("--loyalty.security.api-keys"))
                && System.getenv().keySet().stream().noneMatch(k -> k.startsWith("LOYALTY_SECURITY_API_KEYS"))) {
            args.addAll(DevelopmentKeys.serviceArguments()); // keys configured otherwise take their place
        }
        args.addAll(consoleArguments(ports));
        args.addAll(extra);
        // a thread of our own that carries this thread's class loader: the fat jar's, which pool threads
        // (ForkJoinPool.commonPool) need not have, e.g. on Java 25
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        CompletableFuture<ConfigurableApplicationContext> started = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                started.complete(new SpringApplicationBuilder(application).run(args.toArray(String[]::new)));
            } catch (Throwable e) {
                started.completeExceptionally(e);
            }
        }, "start-" + service.name().toLowerCase());
        thread.setContextClassLoader(loader);
        thread.start();
        return started;
    }

    /**
     * The admin console at {@code http://localhost:<loyalty>/admin/}: it learns where the other two services are, and
     * they let its page call them (CORS, from that origin only).
     */
    static List<String> consoleArguments(Ports ports) {
        return List.of("--loyalty.console.orders-url=http://localhost:" + ports.orders(),
                "--loyalty.console.audit-url=http://localhost:" + ports.audit(),
                // the console as loyalty-service serves it, and Vite's dev server (`npm run dev` in admin-console)
                "--loyalty.security.cors-allowed-origins=http://localhost:" + ports.loyalty() + ",http://127.0.0.1:" + ports.loyalty()
                        + ",http://localhost:5173");
    }

    /** The three services, each with its own database. */
    public enum Service {
        ORDERS(OrderEventsApplication.class, "orders"),
        LOYALTY(LoyaltyApplication.class, "loyalty"),
        AUDIT(AuditApplication.class, "audit");

        final Class<?> application;
        final String database;

        Service(Class<?> application, String database) {
            this.application = application;
            this.database = database;
        }

        public int port(Ports ports) {
            return switch (this) {
                case ORDERS -> ports.orders();
                case LOYALTY -> ports.loyalty();
                case AUDIT -> ports.audit();
            };
        }

        /** How it is named on the command line and in logs: {@code loyalty-service}. */
        public String serviceName() {
            return this == ORDERS ? "order-events-service" : database + "-service";
        }
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
