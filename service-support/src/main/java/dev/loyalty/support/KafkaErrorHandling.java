package dev.loyalty.support;

import dev.loyalty.schemas.AvroEventSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How every consumer of the platform treats a record it cannot process:
 * <ul>
 *   <li>undecodable (poison) or rejected by a rule: straight to {@code <topic>-dlt}, the reason in the
 *       {@value #REASON_HEADER} header (beside spring-kafka's {@code kafka_dlt-*} headers);</li>
 *   <li>the store or broker unreachable: retried with back-off for as long as it takes, never dead-lettered
 *       (an outage must not turn good events into dead letters);</li>
 *   <li>anything else (a bug): a few retries, then the dead-letter topic, so the partition keeps moving.</li>
 * </ul>
 */
public final class KafkaErrorHandling {

    /** Header of every dead letter saying, in one line, why it could not be processed. */
    public static final String REASON_HEADER = "dlt-reason";

    /** spring-kafka's default dead-letter naming, which the contract keeps: {@code <topic>-dlt}. */
    public static final String DEAD_LETTER_SUFFIX = "-dlt";

    private KafkaErrorHandling() {
    }

    public static DefaultErrorHandler errorHandler(ProducerFactory<?, ?> producerFactory, DeadLetterCount deadLetterCount) {
        DeadLetterPublishingRecoverer recoverer = deadLetterRecoverer(producerFactory);
        ConsumerAwareRecordRecoverer counted = (record, consumer, exception) -> {
            recoverer.accept(record, consumer, exception); // throws if the dead letter could not be sent: not counted
            deadLetterCount.published(record.topic() + DEAD_LETTER_SUFFIX, record.value());
        };
        DefaultErrorHandler handler = new DefaultErrorHandler(counted, new FixedBackOff(200, 3));
        handler.addNotRetryableExceptions(EventRejectedException.class);
        handler.setBackOffFunction((record, exception) -> isTransient(exception) ? untilItWorks() : null);
        // every failed record ends dead-lettered with its reason or retried until it works, as designed: WARN, not ERROR
        handler.setLogLevel(KafkaException.Level.WARN);
        return handler;
    }

    /** Dead letters keep the original bytes of undecodable records and re-encode decoded events. */
    static DeadLetterPublishingRecoverer deadLetterRecoverer(ProducerFactory<?, ?> producerFactory) {
        Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
        byType.put(byte[].class, new ByteArraySerializer());
        byType.put(SpecificRecord.class, new AvroEventSerializer());
        byType.put(Object.class, (Serializer<Object>) (topic, data) -> String.valueOf(data).getBytes(StandardCharsets.UTF_8));
        DefaultKafkaProducerFactory<Object, Object> deadLetters = new DefaultKafkaProducerFactory<>(
                producerFactory.getConfigurationProperties(), null, new DelegatingByTypeSerializer(byType, true));
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(new KafkaTemplate<>(deadLetters));
        recoverer.setHeadersFunction((record, exception) -> new RecordHeaders(new Header[]{
                new RecordHeader(REASON_HEADER, reasonOf(exception).getBytes(StandardCharsets.UTF_8))}));
        return recoverer;
    }

    /** The root cause's message: "not an Avro single-object encoded event", not "failed to deserialize". */
    public static String reasonOf(Throwable exception) {
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Whether retrying can help: the store or broker unreachable, or processing interrupted on purpose. */
    public static boolean isTransient(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof DeliverAgainException || t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
                    || t instanceof RetriableException || t instanceof com.mongodb.MongoSocketException
                    || t instanceof com.mongodb.MongoTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static BackOff untilItWorks() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        return backOff;
    }
}
