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

/**
 * One JVM of the stack running some of its components ({@code --only=...}), its output appended to
 * {@code <logDir>/<name>.out}. The fault suite starts, kills and restarts these.
 */
public record ComponentProcess(String name, Process process) implements AutoCloseable {

    public static ComponentProcess start(List<String> arguments, Path logDir, String name) {
        return start(arguments, logDir, name, "512m");
    }

    /** @param heap the JVM's {@code -Xmx}, e.g. {@code 512m} */
    public static ComponentProcess start(List<String> arguments, Path logDir, String name, String heap) {
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

    public long pid() {
        return process.pid();
    }

    /** SIGKILL, and waits until the process is gone: no shutdown hook runs, nothing is flushed. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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

        /** Until the service's readiness group answers 200. */
        public static void awaitReady(int port, Duration timeout) {
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
}
