package dev.loyalty.support;

import com.mongodb.client.MongoClient;
import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * MongoDB health by the {@code ping} command. Boot's own indicator sends {@code hello}, which the
 * local stand-in (mongo-java-server) does not implement; {@code ping} answers on both it and real MongoDB.
 */
public class MongoPingHealthIndicator extends AbstractHealthIndicator {

    private final MongoClient client;

    public MongoPingHealthIndicator(MongoClient client) {
        super("MongoDB ping failed");
        this.client = client;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Document reply = client.getDatabase("admin").runCommand(new Document("ping", 1));
        builder.up().withDetail("ping", reply.get("ok"));
    }
}
