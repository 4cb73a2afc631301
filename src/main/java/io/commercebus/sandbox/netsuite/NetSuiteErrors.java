package io.commercebus.sandbox.netsuite;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Error bodies as NetSuite REST web services write them (RFC 9110 type, title, status, o:errorDetails). */
final class NetSuiteErrors {

    private NetSuiteErrors() {
    }

    static Map<String, Object> body(int status, String title, String code, String detail, String path) {
        return body(status, title, code, detail, path, null);
    }

    /** @param queryParam the request parameter at fault ({@code o:errorQueryParam}), or null */
    static Map<String, Object> body(int status, String title, String code, String detail, String path, String queryParam) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("detail", detail);
        if (queryParam != null) {
            error.put("o:errorQueryParam", queryParam);
        }
        error.put("o:errorCode", code);
        if (path != null) {
            error.put("o:errorPath", path);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://www.rfc-editor.org/rfc/rfc9110.html#section-15." + section(status));
        body.put("title", title);
        body.put("status", status);
        body.put("o:errorDetails", List.of(error));
        return body;
    }

    static Map<String, Object> concurrencyLimitExceeded() {
        return body(429, "Too Many Requests", "CONCURRENCY_LIMIT_EXCEEDED",
                "Concurrent request limit exceeded. Request blocked.", null);
    }

    static Map<String, Object> invalidLogin() {
        return body(401, "Unauthorized", "INVALID_LOGIN", "Invalid login attempt. For more details, see the Login Audit"
                + " Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.", null);
    }

    static Map<String, Object> notFound() {
        return body(404, "Not Found", "NONEXISTENT_ID", "The record instance does not exist. Provide a valid record instance ID.", null);
    }

    static Map<String, Object> badRequest(String code, String detail, String path) {
        return body(400, "Bad Request", code, detail, path);
    }

    private static String section(int status) {
        return switch (status) {
            case 400 -> "5.1";
            case 401 -> "5.2";
            case 403 -> "5.4";
            case 404 -> "5.5";
            case 405 -> "5.6";
            case 429 -> "5.30";
            case 503 -> "6.4";
            default -> status >= 500 ? "6.1" : "5.1";
        };
    }
}
