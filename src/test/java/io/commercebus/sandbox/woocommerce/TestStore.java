package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.support.Json;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/** A sandbox store on a free port and an HTTP client signed in with its consumer key and secret. */
final class TestStore implements AutoCloseable {

    static final String KEY = "ck_0123456789abcdef";
    static final String SECRET = "cs_fedcba9876543210";
    static final BigDecimal TAX_RATE = new BigDecimal("0.0825");

    final WooCommerceSandbox sandbox;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    TestStore() {
        this(List.of(), 5, null);
    }

    TestStore(List<Duration> retryDelays, int maxDeliveryFailures, Path stateFile) {
        sandbox = new WooCommerceSandbox(new WooCommerceSandbox.Config("127.0.0.1", 0, "/shop", KEY, SECRET, 0, retryDelays,
                maxDeliveryFailures, TAX_RATE, 7, stateFile)).start();
    }

    /** {@code path} is relative to the API root, e.g. {@code /orders?page=2}. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        return http.send(request(path).header("Authorization", basic(KEY, SECRET))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + WooCommerceSandbox.API_PATH + path));
    }

    static String basic(String key, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.mapper().readTree(response.body());
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
