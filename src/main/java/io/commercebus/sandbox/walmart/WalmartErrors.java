package io.commercebus.sandbox.walmart;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Error bodies as Walmart's gateway writes them: {@code {"errors":{"error":[...]}}} with the
 * GatewayError fields of the Orders definition (code as NAME.SERVICE, field, description, info,
 * severity, category) and the codes of Walmart's error-code table. See docs/sandboxes/walmart.md.
 */
final class WalmartErrors {

    private WalmartErrors() {
    }

    static Map<String, Object> body(String code, String field, String description, String info, String severity,
                                    String category) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        if (field != null) {
            error.put("field", field);
        }
        error.put("description", description);
        error.put("info", info);
        error.put("severity", severity);
        error.put("category", category);
        error.put("causes", List.of());
        error.put("errorIdentifiers", Map.of());
        return Map.of("errors", Map.of("error", List.of(error)));
    }

    static Map<String, Object> unauthorized(String info) {
        return body("UNAUTHORIZED.GMP_GATEWAY_API", "UNAUTHORIZED", "Unauthorized", info, "ERROR", "DATA");
    }

    /** A required header is missing or blank (Walmart's own example: a blank WM_QOS.CORRELATION_ID). */
    static Map<String, Object> invalidHeader(String service, String header) {
        return body("INVALID_REQUEST_HEADER." + service, header, header + " is required",
                "The request header " + header + " is null or blank.", "ERROR", "DATA");
    }

    static Map<String, Object> invalidParameter(String name, String problem) {
        return invalidParameter("GMP_ORDER_API", name, problem);
    }

    /** A parameter, header or body field the API refuses; {@code service} as in GMP_ITEM_API. */
    static Map<String, Object> invalidParameter(String service, String name, String problem) {
        return body("INVALID_REQUEST_PARAM." + service, name, "Invalid request parameter " + name, problem, "ERROR", "DATA");
    }

    /**
     * A request body Walmart refuses, as its Orders API answers a bad shipping update:
     * {@code INVALID_REQUEST_CONTENT.GMP_ORDER_API} naming the field, info "Request content is invalid.".
     */
    static Map<String, Object> invalidContent(String field, String description) {
        return body("INVALID_REQUEST_CONTENT.GMP_ORDER_API", field, description, "Request content is invalid.", "ERROR", "DATA");
    }

    /** No order matches: Walmart answers 404 with an INFO error rather than an empty list. */
    static Map<String, Object> contentNotFound(String description) {
        return contentNotFound("GMP_ORDER_API", description);
    }

    static Map<String, Object> contentNotFound(String service, String description) {
        return body("CONTENT_NOT_FOUND." + service, null, description, "Requested content could not be found.", "INFO",
                "APPLICATION");
    }

    /** A feed file over its type's size limit: Walmart denies it with 413. */
    static Map<String, Object> payloadTooLarge(String feedType, long maxBytes) {
        return body("PAYLOAD_TOO_LARGE.GMP_GATEWAY_API", "file", "Payload too large",
                "A " + feedType + " feed file may have at most " + maxBytes + " bytes.", "ERROR", "REQUEST");
    }

    static Map<String, Object> uriNotFound(String path) {
        return body("URI_NOT_FOUND.GMP_GATEWAY_API", null, "URI not found", "No resource at " + path, "ERROR", "DATA");
    }

    static Map<String, Object> methodNotAllowed(String method) {
        return body("METHOD_NOT_ALLOWED.GMP_GATEWAY_API", null, "Method not allowed", method + " is not supported here",
                "ERROR", "DATA");
    }

    static Map<String, Object> invalidAcceptType(String accept) {
        return body("INVALID_ACCEPT_TYPE.GMP_GATEWAY_API", "Accept", "Invalid accept type",
                "This sandbox answers application/json only, not '" + accept + "'", "ERROR", "APPLICATION");
    }

    static Map<String, Object> thresholdViolated() {
        return body("REQUEST_THRESHOLD_VIOLATED.GMP_GATEWAY_API", null, "Too many requests",
                "The API's token bucket is empty; retry after x-next-replenish-time.", "ERROR", "REQUEST");
    }
}
