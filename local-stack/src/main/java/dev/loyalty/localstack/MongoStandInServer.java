package dev.loyalty.localstack;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The MongoDB stand-in: mongo-java-server, which speaks the MongoDB wire protocol, so the services
 * use the real driver against it. Persistent for the local stack (H2 file, committed before each write is
 * acknowledged: {@link DurableH2Backend}), in memory for tests.
 * It has no multi-document transactions; the services never need them.
 */
public final class MongoStandInServer implements AutoCloseable {

    private final MongoServer server;
    private final int port;

    private MongoStandInServer(MongoServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static MongoStandInServer start(Path dataDir, int port) {
        MongoBackend backend;
        if (dataDir == null) {
            backend = new MemoryBackend();
        } else {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            backend = new DurableH2Backend(dataDir.resolve("mongo.mv").toString());
        }
        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        return new MongoStandInServer(server, port);
    }

    public String uri(String database) {
        return "mongodb://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
