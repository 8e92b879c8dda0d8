package dev.loyalty.support;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Told of every record a service publishes to a dead-letter topic, whichever path sent it (the error handler, or
 * the service's own rejection of one event in a batch), so one counter and one alert see every dead letter:
 * {@code dead_letters_published_total{topic}}.
 */
@FunctionalInterface
public interface DeadLetterCount {

    String METRIC = "dead.letters.published";

    /** @param value the dead letter's value (null when it could not be decoded) */
    void published(String deadLetterTopic, Object value);

    /** @param topics the service's dead-letter topics, present at 0 from the start (increase()-based alerts see the first) */
    static DeadLetterCount counting(MeterRegistry metrics, String... topics) {
        for (String topic : topics) {
            metrics.counter(METRIC, "topic", topic);
        }
        return (topic, value) -> metrics.counter(METRIC, "topic", topic).increment();
    }
}
