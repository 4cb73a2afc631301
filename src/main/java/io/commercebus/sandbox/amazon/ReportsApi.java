package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.support.Json;
import io.vertx.core.MultiMap;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The Reports API 2021-06-30 (getReports, createReport, getReport, cancelReport, getReportDocument).
 * Answers are the definition's bodies, without a {@code payload} wrapper, as in the Feeds API; errors
 * are SP-API error lists (400 InvalidInput, 404 NotFound).
 */
final class ReportsApi {

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Reports reports;
    private final FeedDocuments documents;
    private final String marketplaceId;
    private final Supplier<URI> baseUrl;
    private final Clock clock;

    ReportsApi(Reports reports, FeedDocuments documents, String marketplaceId, Supplier<URI> baseUrl, Clock clock) {
        this.reports = reports;
        this.documents = documents;
        this.marketplaceId = marketplaceId;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    /** POST /reports/2021-06-30/reports {reportType, marketplaceIds, dataStartTime?, dataEndTime?, reportOptions?} → 202 {reportId}. */
    Answer createReport(JsonNode body) {
        JsonNode type = body.get("reportType");
        if (type == null || !type.isTextual() || type.asText().isBlank()) {
            throw SpApiError.invalidInput("reportType is required.");
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
        JsonNode options = body.get("reportOptions");
        if (options != null && (!options.isObject() || !allText(options))) {
            throw SpApiError.invalidInput("reportOptions must be an object of string values.");
        }
        String settlement = Reports.SETTLEMENT_TYPES.get(type.asText());
        if (settlement != null) {
            throw SpApiError.invalidInput("Request for report type " + settlement + " is not allowed at this time");
        }
        Instant now = clock.instant();
        Instant start = dateTime(body.get("dataStartTime"), "dataStartTime", now);
        Instant end = dateTime(body.get("dataEndTime"), "dataEndTime", now);
        if (start.isAfter(now) || end.isAfter(now)) {
            throw SpApiError.invalidInput("dataStartTime and dataEndTime must be prior to or equal to the current date and time.");
        }
        if (end.isBefore(start)) {
            throw SpApiError.invalidInput("dataEndTime must not be before dataStartTime.");
        }
        return new Answer(202, nodes.objectNode().put("reportId", reports.request(type.asText(), ids, start, end)));
    }

    /** GET /reports/2021-06-30/reports/{reportId} → 200 Report. */
    Answer getReport(String reportId) {
        return new Answer(200, reports.view(reportId));
    }

    /** DELETE /reports/2021-06-30/reports/{reportId} → 200, empty. */
    Answer cancelReport(String reportId) {
        try {
            reports.cancel(reportId);
        } catch (IllegalStateException e) {
            throw SpApiError.invalidInput(e.getMessage());
        }
        return new Answer(200, null);
    }

    /** GET /reports/2021-06-30/documents/{reportDocumentId} → 200 ReportDocument, with a download URL. */
    Answer getReportDocument(String id, String enableContentEncodingUrlHeader) {
        if (enableContentEncodingUrlHeader != null && !Set.of("true", "false").contains(enableContentEncodingUrlHeader)) {
            throw SpApiError.invalidInput("enableContentEncodingUrlHeader must be true or false.");
        }
        FeedDocuments.Document document = reports.document(id)
                .orElseThrow(() -> new NoSuchElementException("Report document " + id + " was not found."));
        boolean gzip = "GZIP".equals(document.compression());
        ObjectNode answer = nodes.objectNode().put("reportDocumentId", id).put("url", documents.downloadUrl(baseUrl.get(), id,
                gzip && "true".equals(enableContentEncodingUrlHeader) ? "gzip" : null));
        if (gzip) {
            answer.put("compressionAlgorithm", "GZIP");
        }
        return new Answer(200, answer);
    }

    /** GET /reports/2021-06-30/reports?reportTypes=…|nextToken=… → 200 {reports, nextToken?}, newest first. */
    Answer getReports(MultiMap params) {
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
        Set<String> types = strings(query.get("reportTypes"));
        Set<String> marketplaces = strings(query.get("marketplaceIds"));
        Set<String> statuses = strings(query.get("processingStatuses"));
        Instant since = Instant.parse(query.get("createdSince").asText());
        Instant until = Instant.parse(query.get("createdUntil").asText());
        int size = query.get("pageSize").asInt();
        String after = query.path("after").asText(null);

        List<ObjectNode> found = new ArrayList<>();
        boolean skipping = after != null;
        for (ObjectNode report : reports.all()) {
            if (skipping) {
                skipping = !report.get("reportId").asText().equals(after);
                continue;
            }
            Instant created = Instant.parse(report.get("createdTime").asText());
            boolean inMarketplace = marketplaces.isEmpty();
            for (JsonNode marketplace : report.get("marketplaceIds")) {
                inMarketplace |= marketplaces.contains(marketplace.asText());
            }
            if (types.contains(report.get("reportType").asText()) && inMarketplace && !created.isBefore(since)
                    && !created.isAfter(until) && (statuses.isEmpty() || statuses.contains(report.get("processingStatus").asText()))) {
                found.add(report);
            }
        }
        ObjectNode answer = nodes.objectNode();
        ArrayNode page = answer.putArray("reports");
        found.stream().limit(size).forEach(page::add);
        if (found.size() > size) {
            query.put("after", found.get(size - 1).get("reportId").asText());
            answer.put("nextToken", Base64.getEncoder().encodeToString(query.toString().getBytes(StandardCharsets.UTF_8)));
        }
        return new Answer(200, answer);
    }

    private ObjectNode query(MultiMap params) {
        List<String> types = FeedsApi.list(params, "reportTypes");
        if (types.isEmpty()) {
            throw SpApiError.invalidInput("Either reportTypes or nextToken is required.");
        }
        if (types.size() > 10) {
            throw SpApiError.invalidInput("reportTypes takes at most 10 report types.");
        }
        List<String> marketplaces = FeedsApi.list(params, "marketplaceIds");
        if (marketplaces.size() > 10) {
            throw SpApiError.invalidInput("marketplaceIds takes at most 10 marketplaces.");
        }
        List<String> statuses = FeedsApi.list(params, "processingStatuses");
        for (String status : statuses) {
            if (!Reports.STATUSES.contains(status)) {
                throw SpApiError.invalidInput("Invalid processingStatuses value: " + status + ". Allowed: " + String.join(", ", Reports.STATUSES));
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
        Instant since = dateTime(params.get("createdSince"), "createdSince", now.minus(Reports.RETENTION));
        Instant until = dateTime(params.get("createdUntil"), "createdUntil", now);
        if (until.isBefore(since)) {
            throw SpApiError.invalidInput("createdUntil must be after createdSince.");
        }
        ObjectNode query = nodes.objectNode();
        types.forEach(query.putArray("reportTypes")::add);
        marketplaces.forEach(query.putArray("marketplaceIds")::add);
        statuses.forEach(query.putArray("processingStatuses")::add);
        query.put("createdSince", since.toString()).put("createdUntil", until.toString()).put("pageSize", size);
        return query;
    }

    private static ObjectNode decode(String token) {
        try {
            JsonNode query = Json.mapper().readTree(Base64.getDecoder().decode(token));
            if (query instanceof ObjectNode object && object.has("reportTypes") && object.has("pageSize")) {
                Instant.parse(object.get("createdSince").asText());
                Instant.parse(object.get("createdUntil").asText());
                return object;
            }
        } catch (IOException | RuntimeException e) {
            // reported below
        }
        throw SpApiError.invalidInput("Invalid nextToken.");
    }

    private static Instant dateTime(String value, String name, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw SpApiError.invalidInput("Invalid " + name + ": " + value + " is not an ISO 8601 date-time.");
        }
    }

    private static Instant dateTime(JsonNode value, String name, Instant fallback) {
        if (value != null && !value.isTextual()) {
            throw SpApiError.invalidInput("Invalid " + name + ": an ISO 8601 date-time string is expected.");
        }
        return dateTime(value == null ? null : value.asText(), name, fallback);
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
}
