package io.commercebus.sandbox.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.connector.netsuite.TbaSigner;
import io.commercebus.sandbox.Sandboxes;
import io.commercebus.support.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Signed REST and SuiteQL requests to the NetSuite sandbox, and its unsigned /sandbox controls. */
final class NetSuiteCalls {

    /** An answer: status, JSON body (or null) and the Location header. */
    record Answer(int status, JsonNode body, String location) {

        /** The internal id at the end of the Location header of a 204. */
        String createdId() {
            assertThat(status).as("status of a write, body %s", body).isEqualTo(204);
            return location.substring(location.lastIndexOf('/') + 1);
        }

        String errorCode() {
            return body.at("/o:errorDetails/0/o:errorCode").asText();
        }

        String detail() {
            return body.at("/o:errorDetails/0/detail").asText();
        }
    }

    final ObjectMapper json = Json.mapper();
    private final NetSuiteSandbox sandbox;
    private final TbaSigner signer = new TbaSigner(Sandboxes.ACCOUNT, Sandboxes.CONSUMER_KEY, Sandboxes.CONSUMER_SECRET,
            Sandboxes.TOKEN_ID, Sandboxes.TOKEN_SECRET, Clock.systemUTC());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    NetSuiteCalls(NetSuiteSandbox sandbox) {
        this.sandbox = sandbox;
    }

    Answer get(String path) {
        return send("GET", path, null);
    }

    /** A record (REST record API), expanded. */
    JsonNode record(String type, String id) {
        Answer a = get("/services/rest/record/v1/" + type + "/" + id + "?expandSubResources=true");
        assertThat(a.status()).as("GET %s/%s: %s", type, id, a.body()).isEqualTo(200);
        return a.body();
    }

    Answer create(String type, Object body) {
        return send("POST", "/services/rest/record/v1/" + type, body);
    }

    Answer upsert(String type, String externalId, Object body, String replace) {
        return send("PUT", "/services/rest/record/v1/" + type + "/eid:" + externalId
                + (replace == null ? "" : "?replace=" + replace), body);
    }

    Answer patch(String type, String id, Object body, String replace) {
        return send("PATCH", "/services/rest/record/v1/" + type + "/" + id + (replace == null ? "" : "?replace=" + replace),
                body);
    }

    /** One SuiteQL page as NetSuite answers it. */
    Answer suiteQl(String q, int limit, int offset) {
        return send("POST", "/services/rest/query/v1/suiteql?limit=" + limit + "&offset=" + offset, Map.of("q", q),
                "Prefer", "transient");
    }

    /** Every row of a query, following hasMore. */
    List<Map<String, String>> query(String q) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (int offset = 0; ; offset += 1000) {
            Answer page = suiteQl(q, 1000, offset);
            assertThat(page.status()).as("SuiteQL %s: %s", q, page.body()).isEqualTo(200);
            rows.addAll(rows(page.body()));
            if (!page.body().get("hasMore").asBoolean()) {
                return rows;
            }
        }
    }

    /** The rows of a SuiteQL page, without their links. */
    static List<Map<String, String>> rows(JsonNode page) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (JsonNode item : page.get("items")) {
            Map<String, String> row = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!f.getKey().equals("links")) {
                    row.put(f.getKey(), f.getValue().asText());
                }
            }
            rows.add(row);
        }
        return rows;
    }

    /** An unsigned /sandbox control request. */
    Answer control(String method, String path, Object body) {
        return exchange(method, path, body, false);
    }

    Answer send(String method, String path, Object body, String... headers) {
        return exchange(method, path, body, true, headers);
    }

    String customer(String email) {
        ObjectNode c = json.createObjectNode();
        c.put("email", email);
        c.put("firstName", "Test");
        c.put("lastName", "Buyer");
        c.putObject("subsidiary").put("id", "1");
        return upsert("customer", "CUST-" + email, c, null).createdId();
    }

    String itemId(String itemName) {
        return sandbox.records("inventoryItem").stream().filter(i -> itemName.equals(i.path("itemId").asText()))
                .findFirst().orElseThrow().get("id").asText();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private Answer exchange(String method, String path, Object body, boolean signed, String... headers) {
        try {
            URI uri = URI.create(sandbox.baseUrl() + path);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .header("Content-Type", "application/json");
            for (int i = 0; i + 1 < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            if (signed) {
                request.header("Authorization", signer.authorization(method, uri));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = response.body() == null || response.body().isBlank() ? null : json.readTree(response.body());
            return new Answer(response.statusCode(), parsed, response.headers().firstValue("Location").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
