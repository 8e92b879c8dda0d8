package dev.loyalty.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
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
                awaitReady(service.port(command), Duration.ofSeconds(120));
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
                + "  (services in their own processes:" + pids + ")  (Ctrl-C stops)";
    }

    /** Until the service's readiness group answers 200. */
    static void awaitReady(int port, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the service on port " + port + " was not ready within " + timeout.toSeconds() + " s");
    }

    @Override
    public void close() throws Exception {
        // ingestion first (no new input), the journal last
        services.forEach(ComponentProcess::close);
        infrastructure.close();
    }

    /** One JVM of the stack running some of its components ({@code --only=...}), its output in a log file. */
    record ComponentProcess(String name, Process process) implements AutoCloseable {

        static ComponentProcess start(List<String> arguments, Path logDir, String name) {
            return start(arguments, logDir, name, "512m");
        }

        /** @param heap the JVM's {@code -Xmx}, e.g. {@code 512m} */
        static ComponentProcess start(List<String> arguments, Path logDir, String name, String heap) {
            try {
                Files.createDirectories(logDir);
                List<String> commandLine = new ArrayList<>(javaCommand(heap));
                commandLine.addAll(arguments);
                Process process = new ProcessBuilder(commandLine).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve(name + ".out").toFile())).start();
                return new ComponentProcess(name, process);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        long pid() {
            return process.pid();
        }

        /** SIGTERM, then up to 30 s for the service's graceful shutdown. */
        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** This JVM's java and the way it was started: the fat jar, or a class path (tests, the IDE). */
        static List<String> javaCommand(String heap) {
            String javaBinary = ProcessHandle.current().info().command().orElse("java");
            String classPath = System.getProperty("java.class.path");
            List<String> command = new ArrayList<>(List.of(javaBinary, "-Xms64m", "-Xmx" + heap, "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"));
            if (!classPath.contains(java.io.File.pathSeparator) && classPath.endsWith(".jar")) {
                command.addAll(List.of("-jar", classPath));
            } else {
                command.addAll(List.of("-cp", classPath, LocalStack.class.getName()));
            }
            return command;
        }
    }
}
