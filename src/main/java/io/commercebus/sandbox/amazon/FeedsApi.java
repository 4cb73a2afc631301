package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.support.Json;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The Feeds API 2021-06-30 (createFeedDocument, createFeed, getFeeds, getFeed, cancelFeed,
 * getFeedDocument) and the S3 side of its documents: the presigned upload and download URLs.
 * Answers are the definition's bodies, without a {@code payload} wrapper; errors are SP-API error
 * lists (400 InvalidInput, 404 NotFound).
 */
final class FeedsApi {

    /** Feeds older than this are not served (getFeeds: "Feeds are retained for a maximum of 90 days"). */
    static final Duration RETENTION = Duration.ofDays(90);
    /** The largest document upload accepted; the Feeds API recommends under 10 MiB, S3 takes far more. */
    static final int MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Feeds feeds;
    private final FeedDocuments documents;
    private final String marketplaceId;
    private final Supplier<URI> baseUrl;
    private final Clock clock;

    FeedsApi(Feeds feeds, FeedDocuments documents, String marketplaceId, Supplier<URI> baseUrl, Clock clock) {
        this.feeds = feeds;
        this.documents = documents;
        this.marketplaceId = marketplaceId;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    /** POST /feeds/2021-06-30/documents {contentType} → 201 {feedDocumentId, url}. */
    Answer createFeedDocument(JsonNode body) {
        JsonNode contentType = body.get("contentType");
        if (contentType == null || !contentType.isTextual() || contentType.asText().isBlank()) {
            throw SpApiError.invalidInput("contentType is required: the content type of the feed, e.g. application/json; charset=UTF-8.");
        }
        FeedDocuments.Document document = documents.create(contentType.asText());
        return new Answer(201, nodes.objectNode().put("feedDocumentId", document.id())
                .put("url", documents.uploadUrl(baseUrl.get(), document.id())));
    }

    /** The usage plan a createFeed request falls under: JSON_LISTINGS_FEED has its own. */
    static String createFeedPlan(JsonNode body) {
        return Feeds.JSON_LISTINGS_FEED.equals(body.path("feedType").asText()) ? UsagePlan.JSON_LISTINGS_FEED_PLAN : "createFeed";
    }

    /** POST /feeds/2021-06-30/feeds {feedType, marketplaceIds, inputFeedDocumentId, feedOptions?} → 202 {feedId}. */
    Answer createFeed(JsonNode body) {
        JsonNode type = body.get("feedType");
        if (type == null || !type.isTextual() || type.asText().isBlank()) {
            throw SpApiError.invalidInput("feedType is required.");
        }
        JsonNode document = body.get("inputFeedDocumentId");
        if (document == null || !document.isTextual() || document.asText().isBlank()) {
            throw SpApiError.invalidInput("inputFeedDocumentId is required.");
        }
        JsonNode marketplaces = body.get("marketplaceIds");
        if (marketplaces == null || !marketplaces.isArray() || marketplaces.isEmpty() || marketplaces.size() > 25) {
            throw SpApiError.invalidInput("marketplaceIds is required: 1 to 25 marketplace identifiers.");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode marketplace : marketplaces) {
            if (!marketplace.isTextual() || !marketplace.asText().equals(marketplaceId)) {
                throw SpApiError.invalidInput("Invalid marketplaceIds: the seller sells in " + marketplaceId + " only, not " + marketplace + ".");
            }
            ids.add(marketplace.asText());
        }
        JsonNode options = body.get("feedOptions");
        if (options != null && (!options.isObject() || !allText(options))) {
            throw SpApiError.invalidInput("feedOptions must be an object of string values.");
        }
        try {
            return new Answer(202, nodes.objectNode().put("feedId", feeds.create(type.asText(), ids, document.asText())));
        } catch (IllegalArgumentException e) {
            throw SpApiError.invalidInput(e.getMessage());
        }
    }

    /** GET /feeds/2021-06-30/feeds/{feedId} → 200 Feed. */
    Answer getFeed(String feedId) {
        return new Answer(200, retained(feeds.view(feedId)));
    }

    /** DELETE /feeds/2021-06-30/feeds/{feedId} → 200, empty. */
    Answer cancelFeed(String feedId) {
        retained(feeds.view(feedId));
        try {
            feeds.cancel(feedId);
        } catch (IllegalStateException e) {
            throw SpApiError.invalidInput(e.getMessage());
        }
        return new Answer(200, null);
    }

    /** GET /feeds/2021-06-30/documents/{feedDocumentId} → 200 FeedDocument, with a download URL. */
    Answer getFeedDocument(String id, String enableContentEncodingUrlHeader) {
        if (enableContentEncodingUrlHeader != null && !Set.of("true", "false").contains(enableContentEncodingUrlHeader)) {
            throw SpApiError.invalidInput("enableContentEncodingUrlHeader must be true or false.");
        }
        FeedDocuments.Document document = documents.get(id)
                .orElseThrow(() -> new NoSuchElementException("Feed document " + id + " was not found."));
        boolean gzip = "GZIP".equals(document.compression());
        ObjectNode answer = nodes.objectNode().put("feedDocumentId", id).put("url", documents.downloadUrl(baseUrl.get(), id,
                gzip && "true".equals(enableContentEncodingUrlHeader) ? "gzip" : null));
        if (gzip) {
            answer.put("compressionAlgorithm", "GZIP");
        }
        return new Answer(200, answer);
    }

    // ---------------------------------------------------------------- getFeeds

    /** GET /feeds/2021-06-30/feeds?feedTypes=…|nextToken=… → 200 {feeds, nextToken?}. */
    Answer getFeeds(MultiMap params) {
        ObjectNode query;
        String token = params.get("nextToken");
        if (token != null) {
            if (params.names().size() > 1) {
                throw SpApiError.invalidInput("nextToken must be the only parameter of a request for the next page.");
            }
            query = decode(token);
        } else {
            query = query(params);
        }
        Set<String> types = strings(query.get("feedTypes"));
        Set<String> marketplaces = strings(query.get("marketplaceIds"));
        Set<String> statuses = strings(query.get("processingStatuses"));
        Instant since = Instant.parse(query.get("createdSince").asText());
        Instant until = Instant.parse(query.get("createdUntil").asText());
        int size = query.get("pageSize").asInt();
        String after = query.path("after").asText(null);

        List<ObjectNode> found = new ArrayList<>();
        boolean skipping = after != null;
        for (ObjectNode feed : feeds.all()) { // newest first
            if (skipping) {
                skipping = !feed.get("feedId").asText().equals(after);
                continue;
            }
            Instant created = Instant.parse(feed.get("createdTime").asText());
            boolean inMarketplace = marketplaces.isEmpty();
            for (JsonNode marketplace : feed.get("marketplaceIds")) {
                inMarketplace |= marketplaces.contains(marketplace.asText());
            }
            if (types.contains(feed.get("feedType").asText()) && inMarketplace && !created.isBefore(since) && !created.isAfter(until)
                    && (statuses.isEmpty() || statuses.contains(feed.get("processingStatus").asText()))) {
                found.add(feed);
            }
        }
        ObjectNode answer = nodes.objectNode();
        ArrayNode page = answer.putArray("feeds");
        found.stream().limit(size).forEach(page::add);
        if (found.size() > size) {
            query.put("after", found.get(size - 1).get("feedId").asText());
            answer.put("nextToken", Base64.getEncoder().encodeToString(query.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return new Answer(200, answer);
    }

    private ObjectNode query(MultiMap params) {
        List<String> types = list(params, "feedTypes");
        if (types.isEmpty()) {
            throw SpApiError.invalidInput("Either feedTypes or nextToken is required.");
        }
        if (types.size() > 10) {
            throw SpApiError.invalidInput("feedTypes takes at most 10 feed types.");
        }
        List<String> marketplaces = list(params, "marketplaceIds");
        if (marketplaces.size() > 10) {
            throw SpApiError.invalidInput("marketplaceIds takes at most 10 marketplaces.");
        }
        List<String> statuses = list(params, "processingStatuses");
        for (String status : statuses) {
            if (!Feeds.STATUSES.contains(status)) {
                throw SpApiError.invalidInput("Invalid processingStatuses value: " + status + ". Allowed: " + String.join(", ", Feeds.STATUSES));
            }
        }
        int size = 10;
        if (params.get("pageSize") != null) {
            try {
                size = Integer.parseInt(params.get("pageSize"));
            } catch (NumberFormatException e) {
                size = 0;
            }
            if (size < 1 || size > 100) {
                throw SpApiError.invalidInput("pageSize must be an integer from 1 to 100, was " + params.get("pageSize"));
            }
        }
        Instant now = clock.instant();
        Instant since = dateTime(params, "createdSince", now.minus(RETENTION));
        Instant until = dateTime(params, "createdUntil", now);
        if (until.isBefore(since)) {
            throw SpApiError.invalidInput("createdUntil must be after createdSince.");
        }
        if (since.isBefore(now.minus(RETENTION))) {
            since = now.minus(RETENTION); // feeds are retained for 90 days
        }
        ObjectNode query = nodes.objectNode();
        types.forEach(query.putArray("feedTypes")::add);
        marketplaces.forEach(query.putArray("marketplaceIds")::add);
        statuses.forEach(query.putArray("processingStatuses")::add);
        query.put("createdSince", since.toString()).put("createdUntil", until.toString()).put("pageSize", size);
        return query;
    }

    private static ObjectNode decode(String token) {
        try {
            JsonNode query = Json.mapper().readTree(Base64.getDecoder().decode(token));
            if (query instanceof ObjectNode object && object.has("feedTypes") && object.has("pageSize")) {
                Instant.parse(object.get("createdSince").asText());
                Instant.parse(object.get("createdUntil").asText());
                return object;
            }
        } catch (IOException | RuntimeException e) {
            // reported below
        }
        throw SpApiError.invalidInput("Invalid nextToken.");
    }

    // ---------------------------------------------------------------- the S3 side: document upload and download

    /** PUT {upload url}: stores the content, which must come with the content type the document was created with. */
    void upload(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        HttpServerResponse response = ctx.response();
        Optional<FeedDocuments.Refusal> refusal = documents.verify("PUT", id, query(ctx));
        if (refusal.isPresent()) {
            s3Error(response, refusal.get());
            return;
        }
        Optional<FeedDocuments.Document> document = documents.get(id);
        if (document.isEmpty()) {
            s3Error(response, new FeedDocuments.Refusal(404, "NoSuchKey", "The specified key does not exist."));
            return;
        }
        String contentType = ctx.request().getHeader("Content-Type");
        if (contentType == null || !contentType.trim().equals(document.get().contentType().trim())) {
            s3Error(response, new FeedDocuments.Refusal(403, "SignatureDoesNotMatch", "The request signature we calculated does "
                    + "not match the signature you provided: the Content-Type must be the contentType given to createFeedDocument ('"
                    + document.get().contentType() + "'), not '" + contentType + "'."));
            return;
        }
        byte[] content = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        documents.upload(id, content);
        response.setStatusCode(200).putHeader("ETag", "\"" + md5(content) + "\"").end();
    }

    /** GET {download url}: the document's content, as stored (compressed where getFeedDocument says GZIP). */
    void download(RoutingContext ctx) {
        download(ctx, documents);
    }

    /** GET of a presigned download URL of these documents (feed or report documents). */
    static void download(RoutingContext ctx, FeedDocuments documents) {
        String id = ctx.pathParam("id");
        HttpServerResponse response = ctx.response();
        Map<String, String> query = query(ctx);
        Optional<FeedDocuments.Refusal> refusal = documents.verify("GET", id, query);
        if (refusal.isPresent()) {
            s3Error(response, refusal.get());
            return;
        }
        Optional<FeedDocuments.Document> document = documents.get(id).filter(FeedDocuments.Document::uploaded);
        if (document.isEmpty()) {
            s3Error(response, new FeedDocuments.Refusal(404, "NoSuchKey", "The specified key does not exist."));
            return;
        }
        response.putHeader("Content-Type", document.get().contentType());
        if (query.get("response-content-encoding") != null) {
            response.putHeader("Content-Encoding", query.get("response-content-encoding"));
        }
        response.setStatusCode(200).end(io.vertx.core.buffer.Buffer.buffer(document.get().content()));
    }

    private static void s3Error(HttpServerResponse response, FeedDocuments.Refusal refusal) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + refusal.code() + "</Code><Message>"
                + refusal.message().replace("&", "&amp;").replace("<", "&lt;") + "</Message></Error>";
        response.setStatusCode(refusal.status()).putHeader("Content-Type", "application/xml").end(xml);
    }

    private static Map<String, String> query(RoutingContext ctx) {
        Map<String, String> query = new HashMap<>();
        ctx.queryParams().forEach(entry -> query.putIfAbsent(entry.getKey(), entry.getValue()));
        return query;
    }

    // ---------------------------------------------------------------- helpers

    /** A feed older than the retention period is gone. */
    private ObjectNode retained(ObjectNode feed) {
        if (Instant.parse(feed.get("createdTime").asText()).isBefore(clock.instant().minus(RETENTION))) {
            throw new NoSuchElementException("Feed " + feed.get("feedId").asText() + " was not found.");
        }
        return feed;
    }

    /** An array parameter: comma-separated (Swagger's csv), possibly repeated. */
    static List<String> list(MultiMap params, String name) {
        List<String> out = new ArrayList<>();
        for (String value : params.getAll(name)) {
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    out.add(item.trim());
                }
            }
        }
        return out;
    }

    private static Instant dateTime(MultiMap params, String name, Instant fallback) {
        String value = params.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw SpApiError.invalidInput("Invalid " + name + ": " + value + " is not an ISO 8601 date-time.");
        }
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> out = new TreeSet<>();
        if (array != null) {
            array.forEach(v -> out.add(v.asText()));
        }
        return out;
    }

    private static boolean allText(JsonNode object) {
        for (JsonNode value : object) {
            if (!value.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
