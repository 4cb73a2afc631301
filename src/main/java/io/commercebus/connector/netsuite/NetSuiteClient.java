package io.commercebus.connector.netsuite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.commercebus.governance.ConcurrencyGovernor;
import io.commercebus.support.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * NetSuite REST web services (record API v1, SuiteQL, governance limits) for one account. Every
 * request holds a permit of the account's {@link ConcurrencyGovernor} while it is on the wire and is
 * signed afresh (TBA). Throttling (429) is absorbed here: the request waits with exponential backoff
 * and jitter and is sent again, up to {@code maxThrottleWait}; the caller never loses the record.
 * A {@link RequestObserver} is told of every request and how long NetSuite took to answer it.
 */
public class NetSuiteClient {

    /** Told of every request sent: what it was, how it ended and how long it was on the wire. */
    @FunctionalInterface
    public interface RequestObserver {
        RequestObserver NONE = (kind, recordType, outcome, nanos) -> { };

        /**
         * @param kind       upsert, patch, transform, get, suiteql or governance
         * @param recordType the record type, or "" for requests about none
         * @param outcome    ok, throttled, client_error, server_error, timeout or unreachable
         */
        void answered(String kind, String recordType, String outcome, long nanos);
    }

    /** What a request is, for the observer: its kind and record type, and words for messages. */
    private record Call(String kind, String recordType, String operation) {
    }

    /** The most rows one SuiteQL query returns, whatever its pages. */
    static final int MAX_QUERY_ROWS = 100_000;

    private static final Logger LOG = LoggerFactory.getLogger(NetSuiteClient.class);
    private static final String REST = "/services/rest";

    private final URI baseUrl;
    private final TbaSigner signer;
    private final ConcurrencyGovernor governor;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Duration maxThrottleWait;
    private final Clock clock;
    private final ObjectMapper json = Json.mapper();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong throttledResponses = new AtomicLong();
    private final RequestObserver observer;

    public NetSuiteClient(URI baseUrl, TbaSigner signer, ConcurrencyGovernor governor, HttpClient http,
                          Duration requestTimeout, Duration maxThrottleWait, Clock clock) {
        this(baseUrl, signer, governor, http, requestTimeout, maxThrottleWait, clock, RequestObserver.NONE);
    }

    public NetSuiteClient(URI baseUrl, TbaSigner signer, ConcurrencyGovernor governor, HttpClient http,
                          Duration requestTimeout, Duration maxThrottleWait, Clock clock, RequestObserver observer) {
        this.observer = observer;
        this.baseUrl = baseUrl;
        this.signer = signer;
        this.governor = governor;
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.maxThrottleWait = maxThrottleWait;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- record API

    /**
     * Creates or updates a record by external id ({@code PUT /record/v1/{type}/eid:{id}}): sending it
     * twice writes it once. {@code replaceSublists} (e.g. "item") replaces those sublists instead of
     * appending to them.
     *
     * @return the record's internal id
     */
    public String upsert(String recordType, String externalId, Map<String, Object> body, String replaceSublists) {
        String path = REST + "/record/v1/" + recordType + "/eid:" + TbaSigner.percentEncode(externalId)
                + (replaceSublists == null ? "" : "?replace=" + TbaSigner.percentEncode(replaceSublists));
        HttpResponse<String> response = send("PUT", path, write(body),
                new Call("upsert", recordType, "upsert " + recordType + " " + externalId));
        return internalIdFrom(response, "upsert " + recordType);
    }

    /**
     * Changes some fields of a record ({@code PATCH}); sublist lines in the body are added to the record's,
     * or replace them for the sublists named in {@code replaceSublists} (null for none).
     */
    public void patch(String recordType, String id, Map<String, Object> body, String replaceSublists) {
        send("PATCH", REST + "/record/v1/" + recordType + "/" + id
                + (replaceSublists == null ? "" : "?replace=" + TbaSigner.percentEncode(replaceSublists)),
                write(body), new Call("patch", recordType, "patch " + recordType + " " + id));
    }

    /**
     * Makes a record from another ({@code POST /record/v1/{type}/{id}/!transform/{target}}), e.g. an item
     * receipt from a return authorization: NetSuite copies what is left of the source, and the body
     * changes it (lines by {@code orderLine}, an external id).
     *
     * @return the new record's internal id
     */
    public String transform(String recordType, String id, String targetType, Map<String, Object> body) {
        HttpResponse<String> response = send("POST", REST + "/record/v1/" + recordType + "/" + id + "/!transform/" + targetType,
                write(body), new Call("transform", targetType, "transform " + recordType + " " + id + " to " + targetType));
        return internalIdFrom(response, "transform to " + targetType);
    }

    /** Reads a record, by internal id or {@code eid:...}; empty when NetSuite has none. */
    public Optional<JsonNode> get(String recordType, String id) {
        HttpResponse<String> response = send("GET", REST + "/record/v1/" + recordType + "/" + id + "?expandSubResources=true",
                null, new Call("get", recordType, "get " + recordType + " " + id), 404);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(read(response.body()));
    }

    // ---------------------------------------------------------------- SuiteQL

    /** Runs a SuiteQL query and returns every row (column names lower-case, values as text), paging by 1000. */
    public List<Map<String, String>> query(String suiteQl) {
        List<Map<String, String>> rows = new ArrayList<>();
        String body = write(Map.of("q", suiteQl));
        int offset = 0;
        while (true) {
            HttpResponse<String> response = send("POST", REST + "/query/v1/suiteql?limit=1000&offset=" + offset, body,
                    new Call("suiteql", "", "SuiteQL"), 0, "Prefer", "transient");
            JsonNode page = read(response.body());
            for (JsonNode item : page.path("items")) {
                Map<String, String> row = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    if (!field.getKey().equals("links")) {
                        row.put(field.getKey(), field.getValue().asText());
                    }
                }
                rows.add(row);
            }
            if (!page.path("hasMore").asBoolean(false)) {
                return rows;
            }
            offset += page.path("count").asInt(1000);
        }
    }

    /**
     * All rows of a query that may pass the 100,000 rows one SuiteQL query returns: read in slices by
     * a numeric key column ({@code key >= last}), ordered by the key first. A slice that hits the cap
     * drops its last key's rows, which the next slice reads whole.
     *
     * @param where conditions without WHERE, or empty
     * @param order further ORDER BY columns after the key, or empty
     */
    public List<Map<String, String>> queryByKey(String select, String where, String key, String order) {
        List<Map<String, String>> all = new ArrayList<>();
        String from = null;
        while (true) {
            String condition = from == null ? where : (where.isEmpty() ? "" : "(" + where + ") AND ") + key + " >= " + from;
            List<Map<String, String>> rows = query(select + (condition.isEmpty() ? "" : " WHERE " + condition) + " ORDER BY "
                    + key + (order.isEmpty() ? "" : ", " + order));
            if (rows.size() < MAX_QUERY_ROWS) {
                all.addAll(rows);
                return all;
            }
            String last = rows.get(rows.size() - 1).get(key);
            rows.stream().filter(row -> !last.equals(row.get(key))).forEach(all::add);
            if (last.equals(from)) {
                throw new IllegalStateException("More than " + MAX_QUERY_ROWS + " rows share " + key + " " + last + ": " + select);
            }
            from = last;
        }
    }

    /** A SuiteQL string literal; SuiteQL over REST has no bind parameters. */
    public static String literal(String value) {
        StringBuilder out = new StringBuilder("'");
        for (char c : value.toCharArray()) {
            if (c == '\'') {
                out.append("''");
            } else if (c >= 0x20) {
                out.append(c);
            }
        }
        return out.append('\'').toString();
    }

    // ---------------------------------------------------------------- governance

    public GovernanceLimits governanceLimits() {
        HttpResponse<String> response = send("GET", REST + "/system/v1/governanceLimits", null,
                new Call("governance", "", "governanceLimits"));
        JsonNode node = read(response.body());
        return new GovernanceLimits(node.path("accountConcurrencyLimit").asInt(),
                node.path("accountUnallocatedConcurrencyLimit").asInt(),
                node.hasNonNull("integrationConcurrencyLimit") ? node.get("integrationConcurrencyLimit").asInt() : null,
                node.path("integrationLimitType").asText(null));
    }

    public ConcurrencyGovernor governor() {
        return governor;
    }

    public long requests() {
        return requests.get();
    }

    public long throttledResponses() {
        return throttledResponses.get();
    }

    // ---------------------------------------------------------------- transport

    private HttpResponse<String> send(String method, String pathAndQuery, String body, Call call,
                                      int acceptedStatus, String... headers) {
        URI uri = baseUrl.resolve(pathAndQuery);
        String operation = call.operation();
        Instant giveUp = clock.instant().plus(maxThrottleWait);
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = exchange(method, uri, body, call, headers);
            int status = response.statusCode();
            if (status >= 200 && status < 300 || status == acceptedStatus) {
                return response;
            }
            NetSuiteError error = NetSuiteError.parse(status, response.body());
            if (error.isThrottling()) {
                throttledResponses.incrementAndGet();
                governor.throttled();
                if (clock.instant().isAfter(giveUp)) {
                    throw new NetSuiteUnavailableException("NetSuite still throttling " + operation + " after "
                            + maxThrottleWait + " (" + error + ")");
                }
                sleep(backoff(attempt));
                continue;
            }
            if (status >= 500 || status == 401 || status == 403 || error.isRecordLock()) {
                if (status == 401 || status == 403) {
                    LOG.error("NetSuite refused the credentials for {}: {}. Check the account id, token and clock.",
                            operation, error);
                }
                throw new NetSuiteUnavailableException("NetSuite could not complete " + operation + ": " + error);
            }
            throw new NetSuiteRejectedException(operation, error);
        }
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String body, Call call) {
        return send(method, pathAndQuery, body, call, 0);
    }

    private HttpResponse<String> exchange(String method, URI uri, String body, Call call, String... headers) {
        String operation = call.operation();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try (ConcurrencyGovernor.Permit permit = governor.acquire()) {
            // signed inside the permit: the timestamp must be fresh when NetSuite checks it
            request.header("Authorization", signer.authorization(method, uri));
            requests.incrementAndGet();
            long start = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                observer.answered(call.kind(), call.recordType(), outcome(response.statusCode()), System.nanoTime() - start);
                return response;
            } catch (HttpTimeoutException e) {
                observer.answered(call.kind(), call.recordType(), "timeout", System.nanoTime() - start);
                // NetSuite may still be working on it, and counting it against the limit
                permit.timedOut();
                throw new NetSuiteUnavailableException("NetSuite did not answer " + operation + " within " + requestTimeout, e);
            } catch (IOException e) {
                observer.answered(call.kind(), call.recordType(), "unreachable", System.nanoTime() - start);
                throw e;
            }
        } catch (IOException e) {
            throw new NetSuiteUnavailableException("NetSuite unreachable for " + operation + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetSuiteUnavailableException("Interrupted while calling NetSuite for " + operation, e);
        }
    }

    private static String outcome(int status) {
        if (status == 429) {
            return "throttled";
        }
        return status < 400 ? "ok" : status < 500 ? "client_error" : "server_error";
    }

    /** 250 ms doubling to 10 s, with full jitter so that throttled callers do not come back together. */
    private static long backoff(int attempt) {
        long ceiling = Math.min(10_000L, 250L << Math.min(attempt - 1, 10));
        return ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetSuiteUnavailableException("Interrupted while waiting out NetSuite throttling", e);
        }
    }

    private static String internalIdFrom(HttpResponse<String> response, String operation) {
        String location = response.headers().firstValue("Location").orElseThrow(() ->
                new NetSuiteUnavailableException("NetSuite answered " + operation + " without a Location header"));
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialise a NetSuite request body", e);
        }
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new NetSuiteUnavailableException("NetSuite answered with something that is not JSON: "
                    + body.substring(0, Math.min(200, body.length())), e);
        }
    }
}
