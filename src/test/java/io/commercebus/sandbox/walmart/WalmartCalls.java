package io.commercebus.sandbox.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.support.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/** Calls a Walmart sandbox as a client should: the headers Walmart requires, a token from the Token API. */
final class WalmartCalls {

    static final String CLIENT_ID = "test-client-id";
    static final String CLIENT_SECRET = "test-client-secret";

    private final HttpClient http = HttpClient.newHttpClient();
    private final WalmartSandbox sandbox;

    WalmartCalls(WalmartSandbox sandbox) {
        this.sandbox = sandbox;
    }

    static WalmartSandbox.Config config() {
        return WalmartSandbox.Config.defaults(CLIENT_ID, CLIENT_SECRET);
    }

    /** A fresh access token for the sandbox's credentials. */
    String token() throws Exception {
        HttpResponse<String> response = token(CLIENT_ID, CLIENT_SECRET);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token: " + response.statusCode() + " " + response.body());
        }
        return body(response).get("access_token").asText();
    }

    HttpResponse<String> token(String clientId, String clientSecret) throws Exception {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        return send(request("/v3/token").header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
    }

    HttpResponse<String> get(String pathAndQuery, String accessToken) throws Exception {
        return send(request(pathAndQuery).header("WM_SEC.ACCESS_TOKEN", accessToken).GET());
    }

    HttpResponse<String> acknowledge(String purchaseOrderId, String accessToken) throws Exception {
        return send(request("/v3/orders/" + purchaseOrderId + "/acknowledge").header("WM_SEC.ACCESS_TOKEN", accessToken)
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** {@code POST} of a JSON body, e.g. a shipping update of an order's lines. */
    HttpResponse<String> post(String pathAndQuery, String accessToken, String json) throws Exception {
        return send(request(pathAndQuery).header("WM_SEC.ACCESS_TOKEN", accessToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** {@code PUT} of a JSON body, e.g. a single-SKU inventory update. */
    HttpResponse<String> put(String pathAndQuery, String accessToken, String json) throws Exception {
        return send(request(pathAndQuery).header("WM_SEC.ACCESS_TOKEN", accessToken).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** A feed file sent as the whole JSON body. */
    HttpResponse<String> feed(String feedType, String accessToken, String file) throws Exception {
        return send(request("/v3/feeds?feedType=" + feedType).header("WM_SEC.ACCESS_TOKEN", accessToken)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(file)));
    }

    /** A feed file uploaded as Walmart's reference shows it: multipart/form-data, the file in the part "file". */
    HttpResponse<String> feedUpload(String feedTypeAndQuery, String accessToken, String fileName, String file) throws Exception {
        String boundary = "----walmart-sandbox-" + UUID.randomUUID();
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: application/json\r\n\r\n"
                + file + "\r\n"
                + "--" + boundary + "--\r\n";
        return send(request("/v3/feeds?feedType=" + feedTypeAndQuery).header("WM_SEC.ACCESS_TOKEN", accessToken)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The feed's status, with every item's ingestion status. */
    JsonNode feedStatus(String feedId, String accessToken) throws Exception {
        return body(get("/v3/feeds/" + feedId.replace("@", "%40") + "?includeDetails=true", accessToken));
    }

    /** A request with WM_SVC.NAME, a new WM_QOS.CORRELATION_ID and Accept: application/json. */
    HttpRequest.Builder request(String pathAndQuery) {
        return bare(pathAndQuery).header("WM_SVC.NAME", "Walmart Marketplace")
                .header("WM_QOS.CORRELATION_ID", UUID.randomUUID().toString()).header("Accept", "application/json");
    }

    HttpRequest.Builder bare(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + pathAndQuery));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode body(HttpResponse<String> response) throws IOException {
        return Json.mapper().readTree(response.body());
    }
}
