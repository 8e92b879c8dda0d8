package dev.loyalty.localstack;

import dev.loyalty.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * The whole system on one machine, in one JVM: a real Kafka broker (KRaft), the MongoDB stand-in
 * and the three services, on the contract's default ports. {@code ./run-local.sh} runs this.
 * Stops everything on Ctrl-C or SIGTERM: services first, then the broker, then the store.
 */
public final class LocalStack implements AutoCloseable {

    private final List<AutoCloseable> running;
    private final Settings settings;

    private LocalStack(List<AutoCloseable> running, Settings settings) {
        this.running = running;
        this.settings = settings;
    }

    /**
     * @param dataDir where the broker log and the MongoDB file live; {@code null}: broker in a temporary
     *                directory, MongoDB in memory (tests)
     */
    public record Settings(Path dataDir, int kafkaPort, int mongoPort, Services.Ports servicePorts, int partitions) {

        public static Settings defaults(Path dataDir) {
            return new Settings(dataDir, 9092, 27017, Services.Ports.DEFAULT, Topics.DEFAULT_PARTITIONS);
        }

        Map<String, Integer> ports() {
            Map<String, Integer> ports = new LinkedHashMap<>();
            ports.put("Kafka", kafkaPort);
            ports.put("MongoDB", mongoPort);
            ports.put("order-events-service", servicePorts.orders());
            ports.put("loyalty-service", servicePorts.loyalty());
            ports.put("audit-service", servicePorts.audit());
            return ports;
        }
    }

    public static LocalStack start(Settings settings) {
        return start(settings, List.of());
    }

    /** @param serviceArguments more arguments for every service, e.g. {@code --loyalty.relay-interval=PT2S} */
    public static LocalStack start(Settings settings, List<String> serviceArguments) {
        // One JVM, three applications: logback is configured once from local-stack's logback.xml, not
        // re-initialised by each application in parallel (which duplicates every appender).
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        requireFreePorts(settings.ports());
        List<AutoCloseable> running = new ArrayList<>();
        try {
            Path kafkaDir = settings.dataDir() != null ? settings.dataDir() : Files.createTempDirectory("local-stack-kafka");
            MongoStandInServer mongo = MongoStandInServer.start(settings.dataDir(), settings.mongoPort());
            running.add(mongo);
            KafkaBroker broker = KafkaBroker.start(kafkaDir, settings.kafkaPort(), settings.partitions());
            running.add(0, broker);
            if (settings.dataDir() == null) {
                running.add(() -> deleteRecursively(kafkaDir));
            }
            createTopics(broker.bootstrapServers(), settings.partitions());
            Services services = Services.start(List.of(Services.Service.values()), broker.bootstrapServers(),
                    "mongodb://127.0.0.1:" + settings.mongoPort() + "/", settings.servicePorts(), settings.partitions(), serviceArguments);
            running.add(0, services);
            return new LocalStack(running, settings);
        } catch (IOException | RuntimeException e) {
            closeAll(running);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** The platform's topics with the local partition count; the services would create them too, this makes it explicit. */
    public static void createTopics(String bootstrapServers, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<NewTopic> topics = Stream.of(Topics.POS_ORDER_EVENTS, Topics.ACCOUNT_CHANGES)
                    .flatMap(t -> Stream.of(t.name(), t.deadLetterName()))
                    .map(name -> new NewTopic(name, partitions, (short) 1)).toList();
            admin.createTopics(topics).values().values().forEach(created -> {
                try {
                    created.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topics", e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    static void requireFreePorts(Map<String, Integer> ports) {
        List<String> busy = new ArrayList<>();
        ports.forEach((what, port) -> {
            // reuse: a port a killed stack left in TIME_WAIT is free to listen on again
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 1);
            } catch (IOException e) {
                busy.add("port " + port + " (" + what + ")");
            }
        });
        if (!busy.isEmpty()) {
            throw new PortInUseException("Cannot start: " + String.join(", ", busy)
                    + " already in use. Stop what uses it (another ./run-local.sh?), then try again.");
        }
    }

    public String readyLine() {
        Services.Ports p = settings.servicePorts();
        return "Loyalty platform ready: orders http://localhost:" + p.orders()
                + "  loyalty http://localhost:" + p.loyalty()
                + "  audit http://localhost:" + p.audit()
                + "  kafka localhost:" + settings.kafkaPort()
                + "  mongodb mongodb://localhost:" + settings.mongoPort()
                + (settings.dataDir() == null ? "" : "  data " + settings.dataDir())
                + "  " + DevelopmentKeys.inForce()
                + "  (Ctrl-C stops)";
    }

    @Override
    public void close() {
        closeAll(running);
    }

    static void closeAll(List<AutoCloseable> running) {
        for (AutoCloseable component : running) {
            try {
                component.close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
        running.clear();
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    /**
     * {@code ./run-local.sh [--clean] [--data-dir=DIR] [--processes] [--only=C,...] [--kafka-port=N] [--mongo-port=N]
     * [--orders-port=N] [--loyalty-port=N] [--audit-port=N] [--spring.x=... --loyalty.x=... passed to the services]}
     */
    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.println(Command.USAGE);
            return;
        }
        Command command;
        try {
            command = Command.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(Command.USAGE);
            System.exit(2);
            return;
        }
        Path dataDir = command.dataDir().toAbsolutePath();
        if (command.clean()) {
            deleteRecursively(dataDir);
        }
        Files.createDirectories(dataDir);
        System.setProperty("LOCAL_STACK_LOG_DIR", dataDir.resolve("logs").toString());
        System.setProperty("LOCAL_STACK_LOG_NAME", command.only() == null ? "local-stack"
                : String.join("-", command.only().stream().map(Command.Component::logName).toList()));

        AutoCloseable running;
        String ready;
        try {
            if (command.only() != null) {
                running = startComponents(command, dataDir);
                ready = String.join(", ", command.only().stream().map(Command.Component::logName).toList()) + " ready";
            } else if (command.processes()) {
                ProcessStack stack = ProcessStack.start(command, dataDir);
                running = stack;
                ready = stack.readyLine();
            } else {
                LocalStack stack = start(new Settings(dataDir, command.kafkaPort(), command.mongoPort(), command.ports(),
                        Topics.DEFAULT_PARTITIONS), command.serviceArguments());
                running = stack;
                ready = stack.readyLine();
            }
        } catch (PortInUseException e) {
            System.err.println(e.getMessage());
            System.exit(3);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the loyalty platform...");
            try {
                running.close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
            System.out.println("Stopped.");
            stopped.countDown();
        }, "local-stack-shutdown"));
        System.out.println(ready);
        stopped.await();
    }

    /** The components {@code --only} names, in this JVM (what {@link ProcessStack} and the fault suite run one by one). */
    private static AutoCloseable startComponents(Command command, Path dataDir) {
        List<Command.Component> only = command.only();
        Settings settings = new Settings(dataDir, command.kafkaPort(), command.mongoPort(), command.ports(), Topics.DEFAULT_PARTITIONS);
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Command.Component component : only) {
            ports.put(component.logName(), component.port(command));
        }
        requireFreePorts(ports);
        List<AutoCloseable> running = new ArrayList<>();
        try {
            if (only.contains(Command.Component.MONGO)) {
                running.add(MongoStandInServer.start(dataDir, settings.mongoPort()));
            }
            if (only.contains(Command.Component.KAFKA)) {
                KafkaBroker broker = KafkaBroker.start(dataDir, settings.kafkaPort(), settings.partitions());
                running.add(0, broker);
                createTopics(broker.bootstrapServers(), settings.partitions());
            }
            List<Services.Service> services = only.stream().map(Command.Component::service).filter(java.util.Objects::nonNull).toList();
            if (!services.isEmpty()) {
                running.add(0, Services.start(services, "127.0.0.1:" + settings.kafkaPort(), "mongodb://127.0.0.1:" + settings.mongoPort() + "/",
                        settings.servicePorts(), settings.partitions(), command.serviceArguments()));
            }
            return () -> closeAll(running);
        } catch (RuntimeException e) {
            closeAll(running);
            throw e;
        }
    }

    /** One of the stack's ports is taken: a clear message, no stack trace. */
    public static final class PortInUseException extends IllegalStateException {

        PortInUseException(String message) {
            super(message);
        }
    }
}
