package dev.loyalty.localstack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

import java.io.IOException;

/**
 * The same thin path against real images: {@code apache/kafka} and {@code mongo} (a replica set).
 * Runs where Docker exists; skipped here. {@link EmbeddedStackE2EIT} covers the same scenarios.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainersE2EIT {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.2");

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0");

    private static Services services;
    private static Services.Ports ports;

    @BeforeAll
    static void startServices() throws IOException {
        ports = new Services.Ports(KafkaBroker.freePort(), KafkaBroker.freePort(), KafkaBroker.freePort());
        String mongoPrefix = MONGO.getReplicaSetUrl().replaceAll("/[^/]*$", "/");
        services = Services.start(KAFKA.getBootstrapServers(), mongoPrefix, ports, 3);
    }

    @AfterAll
    static void stopServices() {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void anOrderPostedOverHttpReachesTheCustomerViewAndTheJournal() {
        new ThinPathScenario(new PlatformClient(ports)).anOrderPostedOverHttpReachesTheCustomerViewAndTheJournal();
    }

    @Test
    void everyServiceIsHealthyAgainstRealMongoDbAndExposesMetrics() {
        new ThinPathScenario(new PlatformClient(ports)).everyServiceIsHealthyAndExposesMetrics(ports);
    }
}
