package io.commercebus.connector.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.support.Json;

/**
 * NetSuite's REST error body: {@code {"type", "title", "status", "o:errorDetails": [{"detail",
 * "o:errorCode", "o:errorPath"}]}}. Only the first detail is kept; it names the problem.
 */
public record NetSuiteError(int status, String code, String detail, String path) {

    static NetSuiteError parse(int status, String body) {
        try {
            JsonNode node = Json.mapper().readTree(body == null || body.isBlank() ? "{}" : body);
            JsonNode first = node.path("o:errorDetails").path(0);
            String title = node.path("title").asText(null);
            return new NetSuiteError(status, first.path("o:errorCode").asText(null),
                    first.path("detail").asText(title), first.path("o:errorPath").asText(null));
        } catch (Exception e) {
            return new NetSuiteError(status, null, body == null ? null : body.substring(0, Math.min(body.length(), 500)), null);
        }
    }

    /** HTTP 429, or the 400 with CONCURRENCY_LIMIT_EXCEEDED some accounts answer instead. */
    boolean isThrottling() {
        return status == 429 || "CONCURRENCY_LIMIT_EXCEEDED".equals(code);
    }

    /** Another writer holds the record; trying again later succeeds. */
    boolean isRecordLock() {
        String text = (code == null ? "" : code) + " " + (detail == null ? "" : detail);
        return text.contains("RCRD_HAS_BEEN_CHANGED") || text.contains("RCRD_LOCKED")
                || text.toLowerCase(java.util.Locale.ROOT).contains("record has been changed");
    }

    @Override
    public String toString() {
        return "HTTP " + status + (code == null ? "" : " " + code) + (detail == null ? "" : ": " + detail)
                + (path == null ? "" : " (at " + path + ")");
    }
}
