package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON Schema of a JSON_LISTINGS_FEED document, Amazon's {@code listings-feed-schema-v2.json}, as
 * checks in Java (the sandbox runs without a JSON Schema library). Each check names the rule of the
 * schema it follows; a test holds these checks to the same verdicts as the schema itself.
 *
 * <p>The document's frame (header, message list) is checked apart from its messages: a broken frame
 * fails the whole feed, a broken message only that message.
 */
final class ListingsFeedSchema {

    /** {@code messages.maxItems}: 25,000 since May 2025 (10,000 before). */
    static final int MAX_MESSAGES = 25_000;
    static final Set<String> OPERATION_TYPES = Set.of("UPDATE", "PARTIAL_UPDATE", "PATCH", "DELETE");
    static final Set<String> INCLUDED_DATA = Set.of("summaries", "attributes", "issues", "offers",
            "fulfillmentAvailability", "procurement", "relationships", "productTypes");
    private static final Set<String> REQUIREMENTS = Set.of("LISTING", "LISTING_PRODUCT_ONLY", "LISTING_OFFER_ONLY");
    private static final Set<String> PATCH_OPS = Set.of("add", "replace", "merge", "delete");
    /** Per operation type, the {@code oneOf} branch: properties it requires and properties it forbids. */
    private static final Map<String, List<Set<String>>> BRANCHES = Map.of(
            "UPDATE", List.of(Set.of("productType", "attributes"), Set.of("patches")),
            "DELETE", List.of(Set.of(), Set.of("requirements", "attributes", "productType", "patches")),
            "PARTIAL_UPDATE", List.of(Set.of("productType", "attributes"), Set.of("requirements", "patches")),
            "PATCH", List.of(Set.of("productType", "patches"), Set.of("requirements", "attributes")));

    private ListingsFeedSchema() {
    }

    /** Problems of the document outside its messages (their items); empty when the frame conforms. */
    static List<String> frame(JsonNode document) {
        List<String> problems = new ArrayList<>();
        if (!document.isObject()) {
            problems.add("the document is not a JSON object");
            return problems;
        }
        JsonNode header = document.get("header");
        if (header == null) {
            problems.add("header is required");
        } else if (!header.isObject()) {
            problems.add("header must be an object");
        } else {
            requiredString(header, "sellerId", "header.sellerId", problems);
            JsonNode version = header.get("version");
            if (version == null) {
                problems.add("header.version is required");
            } else if (!version.isTextual() || !version.asText().equals("2.0")) {
                problems.add("header.version must be \"2.0\"");
            }
            JsonNode locale = header.get("issueLocale");
            if (locale != null && !locale.isTextual()) {
                problems.add("header.issueLocale must be a string");
            }
            JsonNode report = header.get("report");
            if (report != null) {
                report(report, problems);
            }
        }
        JsonNode messages = document.get("messages");
        if (messages == null) {
            problems.add("messages is required");
        } else if (!messages.isArray()) {
            problems.add("messages must be an array");
        } else if (messages.isEmpty()) {
            problems.add("messages must hold at least 1 message");
        } else if (messages.size() > MAX_MESSAGES) {
            problems.add("messages must hold at most " + MAX_MESSAGES + " messages, not " + messages.size());
        }
        return problems;
    }

    /** Problems of one message; empty when it conforms. */
    static List<String> message(JsonNode message) {
        List<String> problems = new ArrayList<>();
        if (!message.isObject()) {
            problems.add("a message must be an object");
            return problems;
        }
        JsonNode id = message.get("messageId");
        if (id == null) {
            problems.add("messageId is required");
        } else if (!isInteger(id) || id.decimalValue().compareTo(BigDecimal.ONE) < 0
                || id.decimalValue().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            problems.add("messageId must be an integer from 1 to " + Integer.MAX_VALUE);
        }
        JsonNode sku = message.get("sku");
        if (sku == null) {
            problems.add("sku is required");
        } else if (!sku.isTextual() || sku.asText().isEmpty()) {
            problems.add("sku must be a non-empty string");
        }
        JsonNode operation = message.get("operationType");
        if (operation == null) {
            problems.add("operationType is required");
        } else if (!operation.isTextual() || !OPERATION_TYPES.contains(operation.asText())) {
            problems.add("operationType must be one of " + OPERATION_TYPES);
        }
        JsonNode productType = message.get("productType");
        if (productType != null && (!productType.isTextual() || productType.asText().isEmpty())) {
            problems.add("productType must be a non-empty string");
        }
        JsonNode requirements = message.get("requirements");
        if (requirements != null && (!requirements.isTextual() || !REQUIREMENTS.contains(requirements.asText()))) {
            problems.add("requirements must be one of " + REQUIREMENTS);
        }
        JsonNode attributes = message.get("attributes");
        if (attributes != null && (!attributes.isObject() || attributes.isEmpty())) {
            problems.add("attributes must be an object with at least one attribute");
        }
        JsonNode patches = message.get("patches");
        if (patches != null) {
            patches(patches, problems);
        }
        // oneOf: exactly one branch holds; the branches differ by operationType, so it is that type's branch
        if (operation != null && operation.isTextual() && BRANCHES.containsKey(operation.asText())) {
            List<Set<String>> branch = BRANCHES.get(operation.asText());
            for (String name : List.of("productType", "attributes", "patches")) {
                if (branch.get(0).contains(name) && !message.has(name)) {
                    problems.add(name + " is required for " + operation.asText());
                }
            }
            for (String name : List.of("requirements", "attributes", "productType", "patches")) {
                if (branch.get(1).contains(name) && message.has(name)) {
                    problems.add(name + " is not applicable to " + operation.asText());
                }
            }
        }
        return problems;
    }

    private static void report(JsonNode report, List<String> problems) {
        if (!report.isObject()) {
            problems.add("header.report must be an object");
            return;
        }
        JsonNode included = report.get("includedData");
        if (included == null) {
            problems.add("header.report.includedData is required");
        } else if (!included.isArray() || included.isEmpty()) {
            problems.add("header.report.includedData must be a non-empty array");
        } else {
            for (JsonNode value : included) {
                if (!value.isTextual() || !INCLUDED_DATA.contains(value.asText())) {
                    problems.add("header.report.includedData values must be among " + INCLUDED_DATA);
                    break;
                }
            }
        }
        JsonNode version = report.get("apiVersion");
        if (version == null) {
            problems.add("header.report.apiVersion is required");
        } else if (!version.isTextual() || !version.asText().equals("2021-08-01")) {
            problems.add("header.report.apiVersion must be \"2021-08-01\"");
        }
    }

    private static void patches(JsonNode patches, List<String> problems) {
        if (!patches.isArray() || patches.isEmpty()) {
            problems.add("patches must be an array of at least one patch");
            return;
        }
        for (JsonNode patch : patches) {
            if (!patch.isObject()) {
                problems.add("a patch must be an object");
                continue;
            }
            JsonNode op = patch.get("op");
            if (op == null) {
                problems.add("a patch requires op");
            } else if (!op.isTextual() || !PATCH_OPS.contains(op.asText())) {
                problems.add("a patch's op must be one of " + PATCH_OPS);
            }
            JsonNode path = patch.get("path");
            if (path == null) {
                problems.add("a patch requires path");
            } else if (!path.isTextual()) {
                problems.add("a patch's path must be a string");
            }
            JsonNode value = patch.get("value");
            if (value != null) {
                boolean objects = value.isArray();
                for (JsonNode item : value) {
                    objects &= item.isObject();
                }
                if (!objects) {
                    problems.add("a patch's value must be an array of objects");
                }
            }
        }
    }

    private static void requiredString(JsonNode node, String name, String label, List<String> problems) {
        JsonNode value = node.get(name);
        if (value == null) {
            problems.add(label + " is required");
        } else if (!value.isTextual()) {
            problems.add(label + " must be a string");
        }
    }

    /** JSON Schema's integer: a number without a fractional part (1.0 is one). */
    static boolean isInteger(JsonNode node) {
        if (node.isIntegralNumber()) {
            return true;
        }
        if (!node.isNumber()) {
            return false;
        }
        BigDecimal value = node.decimalValue();
        return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
    }
}
