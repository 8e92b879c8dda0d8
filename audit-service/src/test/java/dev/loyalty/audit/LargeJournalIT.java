package dev.loyalty.audit;

import dev.loyalty.audit.application.Arrival;
import dev.loyalty.audit.application.RecordAccountChange;
import dev.loyalty.audit.domain.ChangeSource;
import dev.loyalty.audit.domain.JournalEntry;
import dev.loyalty.audit.domain.Reason;
import dev.loyalty.support.test.MongoStandIn;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A customer with 100,000 journal entries, in its own failsafe run with a fixed 768 MB heap that also
 * holds the in-memory store (about two thirds of it): any page is read by key (a window of sequence
 * numbers), and the CSV export streams every row in chunks of 500 rather than loading them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class LargeJournalIT {

    private static final int ENTRIES = 100_000;

    @DynamicPropertySource
    static void mongo(DynamicPropertyRegistry registry) {
        registry.add("spring.mongodb.uri", () -> MongoStandIn.uri("audit-large"));
    }

    @Autowired
    RecordAccountChange recordAccountChange;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aCustomerWith100000EntriesPagesByKeyAndExportsEveryRowAsCsvInBoundedMemory() throws Exception {
        assertThat(Runtime.getRuntime().maxMemory()).as("this test must run with -Xmx768m").isLessThanOrEqualTo(768L << 20);
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        List<Arrival> batch = new ArrayList<>();
        for (long sequence = 1; sequence <= ENTRIES; sequence++) {
            batch.add(new Arrival(JournalEntry.pointsChange("e-" + sequence, "heavy", sequence, at.plusSeconds(sequence), at,
                    Reason.ORDER, 1, sequence, null, "o-" + sequence, "s-" + sequence), new ChangeSource(0, sequence)));
            if (batch.size() == 1_000) { // as the consumer records them: a batch at a time
                recordAccountChange.recordAll(batch);
                batch.clear();
            }
        }

        get("/api/v1/customers/heavy/journal?size=500"); // warm up
        long started = System.nanoTime();
        String first = get("/api/v1/customers/heavy/journal?size=500");
        long firstMillis = (System.nanoTime() - started) / 1_000_000;
        started = System.nanoTime();
        String deep = get("/api/v1/customers/heavy/journal?size=500&page=150");
        long deepMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("journal of %,d entries: first page in %d ms, page 150 in %d ms%n", ENTRIES, firstMillis, deepMillis);

        assertThat(first).contains("\"total\":100000").contains("\"complete\":true").startsWith("{\"items\":[{\"entryId\":\"e-100000\"");
        assertThat(deep).startsWith("{\"items\":[{\"entryId\":\"e-25000\"").contains("\"entryId\":\"e-24501\"").doesNotContain("\"e-24500\"");

        HttpResponse<InputStream> csv = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/customers/heavy/journal"))
                .header("Authorization", "Bearer " + dev.loyalty.support.test.TestCredentials.ADMIN)
                .header("Accept", "text/csv").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        long lines = 0;
        String header;
        String firstRow;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(csv.body(), StandardCharsets.UTF_8))) {
            header = reader.readLine();
            firstRow = reader.readLine();
            lines = 2;
            while (reader.readLine() != null) {
                lines++;
            }
        }
        assertThat(header).isEqualTo("entryId,occurredAt,recordedAt,type,pointsDelta,pointsBalance,tierBefore,tierAfter,reason,orderId,sourceEventId,actor,note");
        assertThat(firstRow).startsWith("e-100000,");
        assertThat(lines).isEqualTo(ENTRIES + 1);
    }

    private String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", "Bearer " + dev.loyalty.support.test.TestCredentials.ADMIN).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
