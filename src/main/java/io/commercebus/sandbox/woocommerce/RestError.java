package io.commercebus.sandbox.woocommerce;

import java.util.Map;

/**
 * A WordPress REST error ({@code WP_Error}): answered with its HTTP status as
 * {@code {"code","message","data":{"status"}}}, plus {@code data.params} for an invalid parameter.
 */
final class RestError extends IllegalArgumentException {

    final int status;
    final String code;
    final Map<String, String> params;

    RestError(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    private RestError(int status, String code, String message, Map<String, String> params) {
        super(message);
        this.status = status;
        this.code = code;
        this.params = params;
    }

    /** What WordPress answers when a request argument fails its schema. */
    static RestError invalidParam(String param, String reason) {
        return new RestError(400, "rest_invalid_param", "Invalid parameter(s): " + param, Map.of(param, reason));
    }
}
