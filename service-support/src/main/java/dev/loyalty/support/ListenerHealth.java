package dev.loyalty.support;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import java.util.Map;
import java.util.TreeMap;

/**
 * Whether the service's Kafka listener containers run: a container that stopped (a fatal error, an operator, a bug)
 * leaves a service that answers HTTP but consumes nothing. Reported as the health contributor {@code kafkaListeners}
 * (in the readiness group of the consuming services: such an instance is taken out of rotation and its pod shows
 * it) and as the gauge {@code kafka_listener_container_running{listener}} (1 or 0), the heartbeat the
 * {@code ConsumerStopped} alert watches.
 */
public final class ListenerHealth implements HealthIndicator, ApplicationListener<ContextRefreshedEvent> {

    public static final String METRIC = "kafka.listener.container.running";

    private final KafkaListenerEndpointRegistry registry;
    private final MeterRegistry metrics;

    public ListenerHealth(KafkaListenerEndpointRegistry registry, MeterRegistry metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    /** The containers exist once the context is refreshed (the listener endpoints are registered last). */
    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
        for (String id : registry.getListenerContainerIds()) {
            Gauge.builder(METRIC, registry, r -> {
                MessageListenerContainer container = r.getListenerContainer(id);
                return container != null && container.isRunning() ? 1 : 0;
            }).tag("listener", id).description("1 while the Kafka listener container runs").register(metrics);
        }
    }

    @Override
    public Health health() {
        Map<String, String> containers = new TreeMap<>();
        boolean allRunning = true;
        for (MessageListenerContainer container : registry.getAllListenerContainers()) {
            boolean running = container.isRunning();
            allRunning &= running;
            containers.put(container.getListenerId(), running ? "running" : "stopped");
        }
        return (allRunning ? Health.up() : Health.down()).withDetail("containers", containers).build();
    }
}
