package dev.loyalty.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./run-local.sh --processes}: the broker and the store in this JVM, each service in a JVM of its own, as
 * in production, so one service can be killed alone ({@code kill -9 <pid>}) and started again by hand with the
 * command its log names. Stopping this process stops the services first (SIGTERM, then waits), then the broker
 * and the store. Starts slower than one JVM (three more JVMs to warm up), hence not the default.
 */
final class ProcessStack implements AutoCloseable {

    private final AutoCloseable infrastructure;
    private final List<ComponentProcess> services;
    private final Command command;

    private ProcessStack(AutoCloseable infrastructure, List<ComponentProcess> services, Command command) {
        this.infrastructure = infrastructure;
        this.services = services;
        this.command = command;
    }

    static ProcessStack start(Command command, Path dataDir) {
        LocalStack.requireFreePorts(Map.of("Kafka", command.kafkaPort(), "MongoDB", command.mongoPort(),
                "order-events-service", command.ports().orders(), "loyalty-service", command.ports().loyalty(),
                "audit-service", command.ports().audit()));
        List<AutoCloseable> infrastructure = new ArrayList<>();
        List<ComponentProcess> services = new ArrayList<>();
        try {
            infrastructure.add(MongoStandInServer.start(dataDir, command.mongoPort()));
            KafkaBroker broker = KafkaBroker.start(dataDir, command.kafkaPort(), dev.loyalty.schemas.Topics.DEFAULT_PARTITIONS);
            infrastructure.add(0, broker);
            LocalStack.createTopics(broker.bootstrapServers(), dev.loyalty.schemas.Topics.DEFAULT_PARTITIONS);
            for (Command.Component service : List.of(Command.Component.ORDERS, Command.Component.LOYALTY, Command.Component.AUDIT)) {
                services.add(ComponentProcess.start(command.argumentsFor(service, dataDir), dataDir.resolve("logs"),
                        service.logName()));
            }
            for (Command.Component service : List.of(Command.Component.ORDERS, Command.Component.LOYALTY, Command.Component.AUDIT)) {
                ComponentProcess.awaitReady(service.port(command), Duration.ofSeconds(120));
            }
            return new ProcessStack(() -> LocalStack.closeAll(infrastructure), services, command);
        } catch (RuntimeException e) {
            services.forEach(ComponentProcess::close);
            LocalStack.closeAll(infrastructure);
            throw e;
        }
    }

    String readyLine() {
        StringBuilder pids = new StringBuilder();
        for (ComponentProcess service : services) {
            pids.append("  ").append(service.name()).append(" pid ").append(service.pid());
        }
        return "Loyalty platform ready: orders http://localhost:" + command.ports().orders()
                + "  loyalty http://localhost:" + command.ports().loyalty()
                + "  audit http://localhost:" + command.ports().audit()
                + "  kafka localhost:" + command.kafkaPort() + "  mongodb mongodb://localhost:" + command.mongoPort()
                + "  (services in their own processes:" + pids + ")  " + DevelopmentKeys.inForce() + "  (Ctrl-C stops)";
    }

    @Override
    public void close() throws Exception {
        // ingestion first (no new input), the journal last
        services.forEach(ComponentProcess::close);
        infrastructure.close();
    }
}
