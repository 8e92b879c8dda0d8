package dev.loyalty.localstack;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Talks to the running services over HTTP, as a POS or an operator would. */
final class PlatformClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final Services.Ports ports;

    PlatformClient(Services.Ports ports) {
        this.ports = ports;
    }

    Response postOrder(String orderId, String customerId, long amountVnd, String occurredAt) {
        return send(HttpRequest.newBuilder(uri(ports.orders(), "/api/v1/orders"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"orderId":"%s","customerId":"%s","storeId":"store-1","amount":%d,"currency":"VND","occurredAt":"%s"}"""
                        .formatted(orderId, customerId, amountVnd, occurredAt))).build());
    }

    Response postReturn(String returnId, String orderId, String customerId, long amountVnd, String occurredAt) {
        return send(HttpRequest.newBuilder(uri(ports.orders(), "/api/v1/returns"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"returnId":"%s","orderId":"%s","customerId":"%s","amount":%d,"currency":"VND","occurredAt":"%s"}"""
                        .formatted(returnId, orderId, customerId, amountVnd, occurredAt))).build());
    }

    Response putTier(String code, String json) {
        return send(HttpRequest.newBuilder(uri(ports.loyalty(), "/api/v1/tiers/" + code))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Response putProgram(String json) {
        return send(HttpRequest.newBuilder(uri(ports.loyalty(), "/api/v1/program"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Response redeem(String customerId, String redemptionId, long points) {
        return send(HttpRequest.newBuilder(uri(ports.loyalty(), "/api/v1/customers/" + customerId + "/redemptions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"redemptionId\":\"" + redemptionId + "\",\"points\":" + points + "}")).build());
    }

    Response importOpeningBalances(String json) {
        return send(HttpRequest.newBuilder(uri(ports.orders(), "/api/v1/imports/opening-balances"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Response startRecalculation(String json) {
        return send(HttpRequest.newBuilder(uri(ports.loyalty(), "/api/v1/recalculations"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Response recalculation(String jobId) {
        return get(ports.loyalty(), "/api/v1/recalculations/" + jobId);
    }

    Response customer(String customerId) {
        return get(ports.loyalty(), "/api/v1/customers/" + customerId);
    }

    Response journal(String customerId) {
        return get(ports.audit(), "/api/v1/customers/" + customerId + "/journal");
    }

    Response get(int port, String path) {
        return send(HttpRequest.newBuilder(uri(port, path)).GET().build());
    }

    Response get(int port, String path, String key) {
        return send(HttpRequest.newBuilder(uri(port, path)).GET().build(), key);
    }

    private Response send(HttpRequest request) {
        return send(request, DevelopmentKeys.ADMIN);
    }

    /** With {@code key} as the bearer credential (null: none). */
    Response send(HttpRequest request, String key) {
        HttpRequest authorized = key == null ? request
                : HttpRequest.newBuilder(request, (name, value) -> true).header("Authorization", "Bearer " + key).build();
        try {
            HttpResponse<String> response = http.send(authorized, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Response(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    record Response(int status, String body) {

        <T> T read(String jsonPath) {
            DocumentContext json = JsonPath.parse(body);
            return json.read(jsonPath);
        }
    }
}
