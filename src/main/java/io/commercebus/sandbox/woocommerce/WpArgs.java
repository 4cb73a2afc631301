package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The argument checks WordPress runs on a request before the route's handler sees it
 * ({@code rest_validate_value_from_schema}): each top-level property with a type in the route's schema
 * must have that type, and an enum's value must be one of its options. A {@code null} value is not
 * checked (WordPress skips it, and the handler then ignores it). Every failing argument is named in one
 * {@code rest_invalid_param} answer. The objects of a {@code /batch} request are not checked this way:
 * WooCommerce hands them straight to its handlers, whose setters coerce what they are given.
 */
final class WpArgs {

    enum Type { STRING, BOOLEAN, INTEGER, NUMBER, ARRAY, OBJECT, DATE_TIME }

    /** One argument of a route's schema. */
    record Arg(Type type, List<String> options) {

        static Arg of(Type type) {
            return new Arg(type, List.of());
        }

        static Arg oneOf(String... options) {
            return new Arg(Type.STRING, List.of(options));
        }
    }

    private WpArgs() {
    }

    /**
     * Throws WordPress's {@code rest_invalid_param} naming every argument of {@code body} that fails
     * {@code schema}, an ordered map of the route's arguments.
     */
    static void check(JsonNode body, Map<String, Arg> schema) {
        Map<String, String> problems = new LinkedHashMap<>();
        // WordPress goes through the route's arguments in the order its schema declares them
        for (Map.Entry<String, Arg> arg : schema.entrySet()) {
            JsonNode value = body.get(arg.getKey());
            if (value == null || value.isNull()) {
                continue;
            }
            String problem = problem(arg.getKey(), value, arg.getValue());
            if (problem != null) {
                problems.put(arg.getKey(), problem);
            }
        }
        if (!problems.isEmpty()) {
            throw RestError.invalidParams(problems);
        }
    }

    private static String problem(String name, JsonNode value, Arg arg) {
        return switch (arg.type()) {
            case STRING -> !value.isTextual() ? notOfType(name, "string")
                    : !arg.options().isEmpty() && !arg.options().contains(value.asText()) ? notOneOf(name, arg.options()) : null;
            case BOOLEAN -> isBoolean(value) ? null : notOfType(name, "boolean");
            case INTEGER -> isInteger(value) ? null : notOfType(name, "integer");
            case NUMBER -> isNumber(value) ? null : notOfType(name, "number");
            case ARRAY -> value.isArray() || value.isTextual() ? null : notOfType(name, "array");
            case OBJECT -> value.isObject() || value.isArray() && value.isEmpty() ? null : notOfType(name, "object");
            case DATE_TIME -> !value.isTextual() ? notOfType(name, "string")
                    : value.asText().isEmpty() || WpDates.parse(value.asText()) != null ? null : "Invalid date.";
        };
    }

    /** {@code rest_is_boolean}: true, false, "true", "false", "1", "0", "", 1 and 0. */
    static boolean isBoolean(JsonNode value) {
        if (value.isBoolean()) {
            return true;
        }
        if (value.isTextual()) {
            return List.of("true", "false", "1", "0", "").contains(value.asText().toLowerCase());
        }
        return value.isIntegralNumber() && (value.asLong() == 0 || value.asLong() == 1);
    }

    /** {@code rest_is_integer}: a number, or numeric string, without a fractional part. */
    static boolean isInteger(JsonNode value) {
        BigDecimal number = number(value);
        return number != null && number.stripTrailingZeros().scale() <= 0;
    }

    static boolean isNumber(JsonNode value) {
        return number(value) != null;
    }

    private static BigDecimal number(JsonNode value) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual()) {
            try {
                return new BigDecimal(value.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static String notOfType(String name, String type) {
        return name + " is not of type " + type + ".";
    }

    /** WordPress lists options as "a, b, and c" ({@code wp_sprintf_l}). */
    static String notOneOf(String name, List<String> options) {
        String list = options.size() == 1 ? options.get(0)
                : options.size() == 2 ? options.get(0) + " and " + options.get(1)
                : String.join(", ", options.subList(0, options.size() - 1)) + ", and " + options.get(options.size() - 1);
        return name + " is not one of " + list + ".";
    }
}
