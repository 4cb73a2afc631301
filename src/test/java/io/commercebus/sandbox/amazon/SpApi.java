package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.support.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Test helpers: an Amazon sandbox on a free port, and a caller that signs in with Login with Amazon. */
final class SpApi {

    static final String CLIENT_ID = "amzn1.application-oa2-client.0123456789abcdef";
    static final String CLIENT_SECRET = "amzn1.oa2-cs.v1.sandbox-secret";
    static final String REFRESH_TOKEN = "Atzr|IwEBIsandbox-refresh-token";
    static final String SELLER_ID = "A2SANDBOXSELLER";
    static final String MARKETPLACE = "ATVPDKIKX0DER";
    /** Plans no test runs into, unless it means to: every operation's. */
    static final Map<String, UsagePlan> LOOSE = loose();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final AmazonSandbox sandbox;
    private String accessToken;

    SpApi(AmazonSandbox sandbox) {
        this.sandbox = sandbox;
    }

    static AmazonSandbox sandbox(Map<String, UsagePlan> plans, Duration tokenLifetime, Duration listingDelay, Path stateFile) {
        return new AmazonSandbox(new AmazonSandbox.Config("127.0.0.1", 0, CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN,
                SELLER_ID, MARKETPLACE, plans, tokenLifetime, listingDelay, 0, 11, stateFile)).start();
    }

    /** A sandbox with loose usage plans whose feeds wait this long in the queue and in progress. */
    static AmazonSandbox feedsSandbox(Duration feedDelay, Path stateFile) {
        return new AmazonSandbox(new AmazonSandbox.Config("127.0.0.1", 0, CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN,
                SELLER_ID, MARKETPLACE, LOOSE, null, Duration.ZERO, 0, 11, stateFile, feedDelay, false)).start();
    }

    /** A sandbox with loose usage plans, Amazon's token lifetime, and getOrders seeing up to now. */
    static AmazonSandbox sandbox() {
        return sandbox(LOOSE, null, Duration.ZERO, null);
    }

    /** The refresh-token grant with this form body. */
    HttpResponse<String> token(String form) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(sandbox.tokenUrl())
                .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String form(String clientId, String clientSecret, String refreshToken) {
        return "grant_type=refresh_token&refresh_token=" + encode(refreshToken) + "&client_id=" + encode(clientId)
                + "&client_secret=" + encode(clientSecret);
    }

    /** An access token from the refresh grant, fetched once. */
    String accessToken() throws IOException, InterruptedException {
        if (accessToken == null) {
            accessToken = json(token(form(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN))).get("access_token").asText();
        }
        return accessToken;
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return get(pathAndQuery, accessToken());
    }

    /** A GET with this access token, or with none when it is null. */
    HttpResponse<String> get(String pathAndQuery, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + pathAndQuery))
                .header("Accept", "application/json");
        if (token != null) {
            request.header("x-amz-access-token", token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An SP-API call with the access token and, unless null, a JSON body. */
    HttpResponse<String> send(String method, String pathAndQuery, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + pathAndQuery))
                .header("Accept", "application/json").header("x-amz-access-token", accessToken());
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body instanceof String text ? text : Json.mapper().writeValueAsString(body)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A PUT of a document's content to a presigned URL, as an S3 client sends it: no SP-API headers. */
    static HttpResponse<String> put(String url, String contentType, byte[] content) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(content));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET of a presigned URL. */
    static HttpResponse<byte[]> download(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> post(String pathAndQuery) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + pathAndQuery))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.mapper().readTree(response.body());
    }

    private static Map<String, UsagePlan> loose() {
        Map<String, UsagePlan> plans = new java.util.HashMap<>();
        UsagePlan.DEFAULTS.keySet().forEach(operation -> plans.put(operation, new UsagePlan(1000, 1000)));
        return Map.copyOf(plans);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
