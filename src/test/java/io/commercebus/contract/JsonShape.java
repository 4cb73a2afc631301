package io.commercebus.contract;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a body against the shape of a documented example, for APIs that publish examples rather than
 * a schema: every property of the example must be present with the same JSON type (object, array,
 * string, number, boolean), recursively. Each element of an array is checked against the example's
 * first element. Where the example shows {@code null} any type is accepted, since the type is not
 * known; an empty array in the body cannot be checked and passes. Extra properties are allowed.
 */
public final class JsonShape {

    private JsonShape() {
    }

    /** Where the body departs from the example, e.g. {@code $.line_items[0].price: number expected, was string}; empty when it conforms. */
    public static List<String> differences(JsonNode example, JsonNode body) {
        List<String> out = new ArrayList<>();
        compare(example, body, "$", out);
        return out;
    }

    private static void compare(JsonNode example, JsonNode body, String path, List<String> out) {
        if (example.isNull()) {
            return;
        }
        if (!type(example).equals(type(body))) {
            out.add(path + ": " + type(example) + " expected, was " + type(body));
            return;
        }
        if (example.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = example.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!body.has(field.getKey())) {
                    out.add(path + "." + field.getKey() + ": missing");
                } else {
                    compare(field.getValue(), body.get(field.getKey()), path + "." + field.getKey(), out);
                }
            }
        } else if (example.isArray() && !example.isEmpty()) {
            for (int i = 0; i < body.size(); i++) {
                compare(example.get(0), body.get(i), path + "[" + i + "]", out);
            }
        }
    }

    private static String type(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT, POJO -> "object";
            case ARRAY -> "array";
            case STRING, BINARY -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            case MISSING -> "missing";
        };
    }
}
