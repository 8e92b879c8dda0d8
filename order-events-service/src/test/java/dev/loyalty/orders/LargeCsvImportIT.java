package dev.loyalty.orders;

import dev.loyalty.support.test.MongoStandIn;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 1,000,000-row CSV import, streamed through a JVM with a 256 MB heap (its own failsafe run,
 * {@code -Xmx256m}): the file is never held in memory, and every row becomes one event.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "orders.topic=large-import")
@EmbeddedKafka(partitions = 3, topics = "large-import", bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class LargeCsvImportIT {

    private static final int ROWS = 1_000_000;

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MongoStandIn.uri("orders-large-import"));
    }

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void aMillionRowCsvIsImportedWithinAFixedHeapAndEveryRowIsPublishedOnce() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("this test must run with -Xmx256m").isLessThanOrEqualTo(256L << 20);

        long started = System.nanoTime();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + port + "/api/v1/imports/opening-balances?importId=big-1&source=legacy&asOf=2026-11-01T00:00:00%2B07:00"))
                .header("Content-Type", "text/csv").header("Authorization", "Bearer " + dev.loyalty.support.test.TestCredentials.ADMIN)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> csvOf(ROWS))).build(), HttpResponse.BodyHandlers.ofString());

        System.out.printf("imported %,d CSV rows in %.1f s with a %d MB heap%n", ROWS,
                (System.nanoTime() - started) / 1e9, Runtime.getRuntime().maxMemory() >> 20);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.body()).contains("\"accepted\":" + ROWS).contains("\"rejectedCount\":0");
        assertThat(eventsOn("large-import")).isEqualTo(ROWS);
    }

    /** A CSV generated as it is read: header, then customer i with a spend of i * 1,000 VND. */
    private static InputStream csvOf(int rows) {
        return new InputStream() {
            private int next = 0;
            private byte[] line = "customerId,lifetimeSpend\n".getBytes(StandardCharsets.US_ASCII);
            private int at = 0;

            @Override
            public int read() {
                if (at == line.length) {
                    if (next == rows) {
                        return -1;
                    }
                    next++;
                    line = ("c-" + next + "," + (next * 1000L) + "\n").getBytes(StandardCharsets.US_ASCII);
                    at = 0;
                }
                return line[at++];
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                int n = 0;
                while (n < length) {
                    int b = read();
                    if (b < 0) {
                        return n == 0 ? -1 : n;
                    }
                    buffer[offset + n++] = (byte) b;
                }
                return n;
            }
        };
    }

    private long eventsOn(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrapServers))) {
            int partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, partitions).boxed()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }
}
