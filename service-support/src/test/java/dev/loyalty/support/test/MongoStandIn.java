package dev.loyalty.support.test;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * An in-memory MongoDB stand-in (mongo-java-server) on a free port, for integration tests:
 * {@code registry.add("spring.mongodb.uri", () -> MongoStandIn.uri("orders"))}.
 * One per JVM; the driver talks to it over the wire exactly as to MongoDB.
 */
public final class MongoStandIn {

    private static MongoServer server;

    private MongoStandIn() {
    }

    public static synchronized String uri(String database) {
        if (server == null) {
            server = new MongoServer(new MemoryBackend());
            server.bind("127.0.0.1", 0);
            Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        }
        return "mongodb://127.0.0.1:" + server.getLocalAddress().getPort() + "/" + database;
    }
}
