package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A WordPress REST error ({@code WP_Error}): answered with its HTTP status as
 * {@code {"code","message","data":{"status"}}}, plus {@code data.params} for invalid parameters and
 * whatever else the error carries in its data (e.g. {@code resource_id} and {@code unique_sku} of a
 * duplicated SKU, or the {@code params} list of missing arguments).
 */
final class RestError extends IllegalArgumentException {

    final int status;
    final String code;
    final Map<String, String> params;
    final Map<String, Object> data;

    RestError(int status, String code, String message) {
        this(status, code, message, Map.of(), Map.of());
    }

    private RestError(int status, String code, String message, Map<String, String> params, Map<String, Object> data) {
        super(message);
        this.status = status;
        this.code = code;
        this.params = params;
        this.data = data;
    }

    /** The same error with more entries in its {@code data}, after {@code status}. */
    RestError with(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(data);
        more.put(key, value);
        return new RestError(status, code, getMessage(), params, more);
    }

    /** What WordPress answers when a request argument fails its schema. */
    static RestError invalidParam(String param, String reason) {
        return invalidParams(Map.of(param, reason));
    }

    /** A required argument WordPress did not get: {@code rest_missing_callback_param}, its name in {@code data.params}. */
    static RestError missingParam(String param) {
        return new RestError(400, "rest_missing_callback_param", "Missing parameter(s): " + param)
                .with("params", JsonNodeFactory.instance.arrayNode().add(param));
    }

    /** WordPress checks every argument first and names all that fail, in the order it checked them. */
    static RestError invalidParams(Map<String, String> reasons) {
        return new RestError(400, "rest_invalid_param", "Invalid parameter(s): " + String.join(", ", reasons.keySet()),
                new LinkedHashMap<>(reasons), Map.of());
    }
}
