package dev.loyalty.schemas;

import org.apache.avro.specific.SpecificRecord;

import java.util.Set;

/**
 * A Kafka topic of the platform: its name and the event types it carries. Keys are the customerId
 * (one customer's events stay in order on one partition), except on the recalculations topic.
 */
public record Topic(String name, Set<Class<? extends SpecificRecord>> valueTypes) {

    public Topic {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("topic name is required");
        }
        valueTypes = Set.copyOf(valueTypes);
    }

    /** The same topic under another name (names are configurable per deployment). */
    public Topic named(String otherName) {
        return new Topic(otherName, valueTypes);
    }

    /** Where records that cannot be processed go: spring-kafka's default {@code <topic>-dlt}. */
    public String deadLetterName() {
        return name + "-dlt";
    }

    public boolean carries(Object event) {
        return event != null && valueTypes.contains(event.getClass());
    }
}
