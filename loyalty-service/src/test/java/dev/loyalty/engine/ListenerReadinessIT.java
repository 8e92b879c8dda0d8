package dev.loyalty.engine;

import dev.loyalty.support.test.MongoStandIn;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A service whose Kafka listener containers stopped answers HTTP but consumes nothing: it must not stay ready, and
 * the heartbeat the ConsumerStopped alert reads ({@code min(kafka_listener_container_running) == 0}) must say so.
 */
@SpringBootTest
@AutoConfigureMockMvc
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class ListenerReadinessIT {

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MongoStandIn.uri("loyalty-listener-readiness"));
    }

    @Autowired
    MockMvc http;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void stoppingTheListenerContainersMakesTheServiceNotReadyAndTheConsumerAlertExpressionTrue() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> http.perform(get("/actuator/health/readiness")).andExpect(status().isOk()));
        assertThat(running("loyalty-order-events")).isEqualTo(1.0);

        listeners.getAllListenerContainers().forEach(container -> container.stop());
        try {
            http.perform(get("/actuator/health/readiness"))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(jsonPath("$.components.kafkaListeners.status").value("DOWN"))
                    .andExpect(jsonPath("$.components.kafkaListeners.details.containers.loyalty-order-events").value("stopped"));
            http.perform(get("/actuator/health/liveness")).andExpect(status().isOk()); // not a reason to restart the pod
            assertThat(running("loyalty-order-events")).as("min(kafka_listener_container_running) == 0: ConsumerStopped fires")
                    .isEqualTo(0.0);
        } finally {
            listeners.getAllListenerContainers().forEach(container -> container.start());
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> http.perform(get("/actuator/health/readiness")).andExpect(status().isOk()));
    }

    private double running(String listener) throws Exception {
        String metrics = http.perform(get("/actuator/prometheus")).andReturn().getResponse().getContentAsString();
        return metrics.lines().filter(l -> l.startsWith("kafka_listener_container_running{") && l.contains("listener=\"" + listener + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).min().orElseThrow();
    }
}
