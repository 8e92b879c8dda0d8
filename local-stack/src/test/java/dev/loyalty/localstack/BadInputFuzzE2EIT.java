package dev.loyalty.localstack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input never harms (contract "Bounds on input"): thousands of seeded, mutated requests per endpoint against
 * the running services. None may answer 5xx, every 4xx is problem+json, and none takes more than a second. Then
 * the servlet container's own refusals (malformed URLs, {@code %00}, a header too large), sent over a raw socket
 * because no well-behaved client would send them, are problem+json too. The seed is printed, so a failure can be
 * replayed with {@code -Dfuzz.seed=N}.
 */
class BadInputFuzzE2EIT {

    private static final int BODIES_PER_ENDPOINT = Integer.getInteger("fuzz.bodies", 2_000);
    private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());

    private static LocalStack stack;
    private static Services.Ports ports;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Random random = new Random(SEED);
    private final List<String> failures = new ArrayList<>();

    @BeforeAll
    static void startStack() throws IOException {
        ports = new Services.Ports(KafkaBroker.freePort(), KafkaBroker.freePort(), KafkaBroker.freePort());
        stack = LocalStack.start(new LocalStack.Settings(null, KafkaBroker.freePort(), KafkaBroker.freePort(), ports, 3));
        System.out.println("BadInputFuzzE2EIT seed " + SEED + " (replay with -Dfuzz.seed=" + SEED + ")");
    }

    @AfterAll
    static void stopStack() {
        stack.close();
    }

    @Test
    void mutatedBodiesOnEveryWriteEndpointNeverGetA5xxAndEveryRefusalIsAProblem() {
        fuzzBody("POST", ports.orders(), "/api/v1/orders", this::order);
        fuzzBody("POST", ports.orders(), "/api/v1/returns", this::orderReturn);
        fuzzBody("POST", ports.orders(), "/api/v1/imports/opening-balances", this::jsonImport);
        fuzzCsv();
        fuzzBody("POST", ports.loyalty(), "/api/v1/customers/fuzz-1/redemptions", this::redemption);
        fuzzBody("PUT", ports.loyalty(), "/api/v1/tiers/FUZZ", this::tier);
        fuzzBody("POST", ports.loyalty(), "/api/v1/recalculations", this::recalculation);
        fuzzBody("PUT", ports.loyalty(), "/api/v1/program", this::program);
        assertThat(failures).as("seed " + SEED).isEmpty();
    }

    @Test
    void mutatedPathsAndParametersOnEveryReadEndpointNeverGetA5xx() {
        for (int i = 0; i < BODIES_PER_ENDPOINT; i++) {
            String id = encode(text());
            send("GET", ports.loyalty(), "/api/v1/customers/" + id, null, null);
            send("GET", ports.loyalty(), "/api/v1/recalculations/" + id, null, null);
            send("GET", ports.audit(), "/api/v1/customers/" + id + "/journal?" + journalQuery(), null, null);
        }
        assertThat(failures).as("seed " + SEED).isEmpty();
    }

    @Test
    void whatTheServletContainerRefusesItselfIsAProblemToo() throws IOException {
        for (int port : List.of(ports.orders(), ports.loyalty(), ports.audit())) {
            for (String target : List.of("/api/v1/customers/a%00b", "/api/v1/customers/a%2Fb", "/api/v1/customers/%zz",
                    "/api/v1/customers/a[b", "/api/v1/customers/\u00e9", "/%2e%2e/%2e%2e/etc/passwd")) {
                assertRawRefusalIsAProblem(port, "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            }
            assertRawRefusalIsAProblem(port, "GET /api/v1/tiers HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000)
                    + "\r\nConnection: close\r\n\r\n");
        }
    }

    // --- bodies: a valid one, then each field possibly replaced by something hostile

    private String order() {
        return json(fields("orderId", quoted("o-" + random.nextInt(1000)), "customerId", quoted("fuzz-1"), "storeId", quoted("s-1"),
                "amount", "120000", "currency", quoted("VND"), "occurredAt", quoted("2026-11-24T10:15:00+07:00"), "channel", quoted("RETAIL")));
    }

    private String orderReturn() {
        return json(fields("returnId", quoted("r-" + random.nextInt(1000)), "orderId", quoted("o-" + random.nextInt(1000)),
                "customerId", quoted("fuzz-1"), "amount", "1000", "currency", quoted("VND"), "occurredAt", quoted("2026-11-25T10:15:00+07:00")));
    }

    private String jsonImport() {
        StringBuilder rows = new StringBuilder("[");
        for (int i = 0, n = random.nextInt(4); i < n; i++) {
            rows.append(i == 0 ? "" : ",").append(json(fields("customerId", quoted("fuzz-" + i), "lifetimeSpend", "5000000",
                    "firstPurchaseAt", quoted("2025-01-01T00:00:00Z"))));
        }
        return json(fields("importId", quoted("imp-" + random.nextInt(1000)), "asOf", quoted("2026-11-01T00:00:00+07:00"),
                "source", quoted("fuzz"), "rows", rows.append(']').toString()));
    }

    private String redemption() {
        return json(fields("redemptionId", quoted("red-" + random.nextInt(1000)), "points", "1", "orderId", quoted("o-1")));
    }

    private String tier() {
        return json(fields("name", quoted("Fuzz"), "minSpend", "90000000000", "maxSpend", "95000000000",
                "earnRate", json(fields("spend", "10000", "points", "1")), "minPointBalance", "0", "active", "false"));
    }

    private String recalculation() {
        return json(fields("tiers", "true", "points", "false", "commonEarnRate", "null",
                "customerIds", "[" + quoted("fuzz-1") + "]", "dryRun", "true"));
    }

    private String program() {
        return json(fields("currency", quoted("VND"), "timeZone", quoted("Asia/Ho_Chi_Minh"), "tierCriterion", quoted("LIFETIME_SPEND"),
                "defaultEarnRate", json(fields("spend", "10000", "points", "1"))));
    }

    /** Field name, JSON value, ...; each value is kept, dropped or replaced by a hostile one at random. */
    private Map<String, String> fields(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            int fate = random.nextInt(10);
            if (fate < 6) {
                fields.put(namesAndValues[i], namesAndValues[i + 1]);
            } else if (fate < 9) {
                fields.put(namesAndValues[i], hostileValue());
            } // else the field is left out
        }
        if (random.nextInt(20) == 0) {
            fields.put(text(), hostileValue()); // an unknown field
        }
        return fields;
    }

    private static final List<String> NUMBERS = List.of("1e1000000", "-1e1000000", "1e-1000000", "9223372036854775807",
            "9223372036854775808", "-9223372036854775808", "0", "-1", "0.5", "1.000", "19.999", "1E+30", "1E+31", "1e-31",
            "123456789012345678901234567890123", "0." + "1".repeat(40), "1" + "0".repeat(999), "1000000000000", "1000000000001",
            "NaN", "Infinity", "01", "-0", "1.5e3", "0x10");
    private static final List<String> TIMES = List.of("2026-11-24T10:15:00", "+300000000-01-01T00:00:00Z", "9999-01-01T00:00:00Z",
            "2100-01-01T00:00:00Z", "1999-12-31T23:59:59Z", "-0001-01-01T00:00:00Z", "2026-02-30T00:00:00Z", "yesterday",
            "2026-11-24T10:15:00+25:00", "2026-11-24", "");

    private String hostileValue() {
        return switch (random.nextInt(9)) {
            case 0 -> NUMBERS.get(random.nextInt(NUMBERS.size()));
            case 1 -> quoted(TIMES.get(random.nextInt(TIMES.size())));
            case 2 -> quoted(text());
            case 3 -> List.of("null", "true", "false", "[]", "{}", "[1,2]", "{\"a\":1}", "\"\"").get(random.nextInt(8));
            case 4 -> quoted(NUMBERS.get(random.nextInt(NUMBERS.size())));
            case 5 -> "[" + NUMBERS.get(random.nextInt(NUMBERS.size())) + "]";
            case 6 -> quoted(List.of("RETAIL", "MOBILE", "LIFETIME_SPEND", "YEARLY", "USD", "usd", "XYZ", "Mars/Olympus").get(random.nextInt(8)));
            case 7 -> "{\"spend\":" + NUMBERS.get(random.nextInt(NUMBERS.size())) + ",\"points\":" + NUMBERS.get(random.nextInt(NUMBERS.size())) + "}";
            default -> String.valueOf(random.nextLong());
        };
    }

    /** Identifier-like text, often broken: spaces, slashes, %, unicode, control characters, too long. */
    private String text() {
        String alphabet = "abcXYZ019._:-/ %?#&=\\\"'<>{}[]\u00e9\u4e2d\u0000\u0007\n\t\u202e+";
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(10) == 0 ? 60 + random.nextInt(40) : random.nextInt(12);
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private String journalQuery() {
        List<String> parameters = new ArrayList<>();
        for (String name : List.of("from", "to", "type", "page", "size")) {
            if (random.nextBoolean()) {
                String value = switch (random.nextInt(4)) {
                    case 0 -> TIMES.get(random.nextInt(TIMES.size()));
                    case 1 -> NUMBERS.get(random.nextInt(NUMBERS.size()));
                    case 2 -> List.of("POINTS_EARNED", "TIER_PROMOTED", "NOPE", "").get(random.nextInt(4));
                    default -> text();
                };
                parameters.add(name + "=" + encode(value));
            }
        }
        return String.join("&", parameters);
    }

    private String json(Map<String, String> fields) {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((name, value) -> json.append(json.length() > 1 ? "," : "").append(quoted(name)).append(':').append(value));
        String body = json.append('}').toString();
        return switch (random.nextInt(40)) {
            case 0 -> body.substring(0, random.nextInt(body.length())); // truncated
            case 1 -> body + "}trailing";
            case 2 -> "[" + body + "]";
            default -> body;
        };
    }

    private static String quoted(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // --- sending and judging

    private void fuzzBody(String method, int port, String path, Supplier<String> body) {
        for (int i = 0; i < BODIES_PER_ENDPOINT; i++) {
            send(method, port, path, body.get(), "application/json");
        }
    }

    private void fuzzCsv() {
        for (int i = 0; i < BODIES_PER_ENDPOINT; i++) {
            StringBuilder csv = new StringBuilder(random.nextInt(10) == 0 ? "customer,spend\n" : "customerId,lifetimeSpend,firstPurchaseAt\n");
            for (int line = 0, n = random.nextInt(5); line < n; line++) {
                csv.append(random.nextBoolean() ? "fuzz-" + line : text().replace("\n", "")).append(',')
                        .append(random.nextBoolean() ? "1000" : NUMBERS.get(random.nextInt(NUMBERS.size()))).append(',')
                        .append(random.nextBoolean() ? "" : TIMES.get(random.nextInt(TIMES.size())))
                        .append(random.nextInt(10) == 0 ? ",extra" : "").append('\n');
            }
            String query = "importId=" + encode(random.nextBoolean() ? "imp-csv-" + random.nextInt(100) : text())
                    + "&source=" + encode(random.nextBoolean() ? "fuzz" : text())
                    + "&asOf=" + encode(random.nextBoolean() ? "2026-11-01T00:00:00+07:00" : TIMES.get(random.nextInt(TIMES.size())));
            send("POST", ports.orders(), "/api/v1/imports/opening-balances?" + query, csv.toString(), "text/csv");
        }
    }

    private void send(String method, int port, String pathAndQuery, String body, String contentType) {
        URI uri;
        try {
            uri = URI.create("http://127.0.0.1:" + port + pathAndQuery);
        } catch (IllegalArgumentException e) {
            return; // not sendable by a well-behaved client; the raw-socket test covers such targets
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + DevelopmentKeys.ADMIN);
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            String what = method + " " + pathAndQuery + (body == null ? "" : " " + abbreviated(body));
            if (response.statusCode() >= 500) {
                failures.add(response.statusCode() + " for " + what + ": " + abbreviated(response.body()));
            } else if (response.statusCode() >= 400 && !response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                failures.add(response.statusCode() + " without problem+json for " + what);
            }
            if (took.compareTo(Duration.ofSeconds(1)) > 0) {
                failures.add(took.toMillis() + " ms for " + what);
            }
        } catch (IOException e) {
            failures.add(e + " for " + method + " " + pathAndQuery);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviated(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static void assertRawRefusalIsAProblem(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String statusLine = response.lines().findFirst().orElse("");
            String what = request.lines().findFirst().orElse("").substring(0, Math.min(80, request.lines().findFirst().orElse("").length()));
            assertThat(statusLine).as(what).matches("HTTP/1\\.1 4\\d\\d.*");
            assertThat(response.toLowerCase()).as(what + "\n" + response).contains("content-type: application/problem+json");
        }
    }
}
