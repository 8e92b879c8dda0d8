package dev.loyalty.localstack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;

/** The thin path on the stack {@code ./run-local.sh} runs: real KRaft broker, MongoDB stand-in, three services. */
class EmbeddedStackE2EIT {

    private static LocalStack stack;
    private static Services.Ports ports;

    @BeforeAll
    static void startStack() throws IOException {
        ports = new Services.Ports(KafkaBroker.freePort(), KafkaBroker.freePort(), KafkaBroker.freePort());
        stack = LocalStack.start(new LocalStack.Settings(null, KafkaBroker.freePort(), KafkaBroker.freePort(), ports, 3));
    }

    @AfterAll
    static void stopStack() {
        stack.close();
    }

    @Test
    void anOrderPostedOverHttpReachesTheCustomerViewAndTheJournal() {
        new ThinPathScenario(new PlatformClient(ports)).anOrderPostedOverHttpReachesTheCustomerViewAndTheJournal();
    }

    @Test
    void everyServiceIsHealthyAgainstTheStandInAndExposesMetrics() {
        new ThinPathScenario(new PlatformClient(ports)).everyServiceIsHealthyAndExposesMetrics(ports);
    }
}
