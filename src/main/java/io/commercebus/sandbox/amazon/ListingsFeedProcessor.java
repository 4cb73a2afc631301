package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.support.Json;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Processes one JSON_LISTINGS_FEED document against the seller's listings, message after message, and
 * writes its processing report in the shape of Amazon's "Listings Feed Processing Report (v2)": a
 * header (sellerId, version, feedId), the issues (each with its messageId and SKU where it concerns a
 * message), a summary of counts and, when the feed's header asks for it, the listings items.
 *
 * <p>A document whose frame is broken (not JSON, no header, no messages, too many messages, another
 * seller's id) is processed not at all: the feed is FATAL, with a report holding the reason.
 */
final class ListingsFeedProcessor {

    /** A feed-level problem; Amazon reports an unreadable feed under this code. */
    static final String FEED_UNREADABLE = "4002001";
    /** A message that breaks the feed schema; Amazon's code for it. */
    static final String MESSAGE_SCHEMA = "4002008";
    static final String MESSAGE_SCHEMA_TEXT = "The provided message did not meet the schema validation requirements for a feed message.";

    /** The outcome of a feed: FATAL or DONE, its report, and its message counts. */
    record Result(boolean fatal, ObjectNode report, int messages, int accepted, int invalid) {
    }

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Listings listings;
    private final String sellerId;

    ListingsFeedProcessor(Listings listings, String sellerId) {
        this.listings = listings;
        this.sellerId = sellerId;
    }

    Result process(String feedId, byte[] content, String contentType) {
        JsonNode document;
        try {
            document = Json.mapper().readTree(new String(content, charset(contentType)));
        } catch (JsonProcessingException e) {
            return fatal(feedId, "Item 'Feed' cannot be parsed: it is not JSON (" + e.getOriginalMessage() + ").");
        }
        if (document == null || document.isMissingNode()) {
            return fatal(feedId, "Item 'Feed' cannot be parsed: the document is empty.");
        }
        List<String> frame = ListingsFeedSchema.frame(document);
        if (!frame.isEmpty()) {
            return fatal(feedId, "Item 'Feed' cannot be parsed: " + String.join("; ", frame) + ".");
        }
        JsonNode header = document.get("header");
        if (!header.get("sellerId").asText().equals(sellerId)) {
            return fatal(feedId, "The sellerId '" + header.get("sellerId").asText() + "' of the feed header is not the "
                    + "selling partner's (" + sellerId + ").");
        }

        ObjectNode report = report(feedId, header.get("report"));
        ArrayNode issues = report.putArray("issues");
        Set<Integer> seen = new HashSet<>();
        Set<String> changed = new LinkedHashSet<>();
        int accepted = 0;
        int invalid = 0;
        for (JsonNode message : document.get("messages")) {
            List<Listings.Issue> found = new ArrayList<>();
            List<String> problems = ListingsFeedSchema.message(message);
            Integer messageId = message.path("messageId").isNumber() && problems.stream().noneMatch(p -> p.startsWith("messageId"))
                    ? message.get("messageId").intValue() : null;
            String sku = message.path("sku").isTextual() && !message.path("sku").asText().isEmpty() ? message.get("sku").asText() : null;
            if (!problems.isEmpty()) {
                found.add(Listings.Issue.error(MESSAGE_SCHEMA, MESSAGE_SCHEMA_TEXT + " " + String.join("; ", problems) + ".",
                        null, null));
            } else if (!seen.add(messageId)) {
                found.add(Listings.Issue.error(MESSAGE_SCHEMA, MESSAGE_SCHEMA_TEXT + " messageId " + messageId
                        + " is not unique within the feed.", null, null));
            } else {
                Listings.Outcome outcome = apply(message);
                found.addAll(outcome.issues());
                if (outcome.accepted() && !message.get("operationType").asText().equals("DELETE")) {
                    changed.add(sku);
                }
            }
            if (found.stream().anyMatch(Listings.Issue::isError)) {
                invalid++;
            } else {
                accepted++;
            }
            for (Listings.Issue issue : found) {
                ObjectNode node = issues.addObject();
                if (messageId != null) {
                    node.put("messageId", messageId);
                }
                if (sku != null) {
                    node.put("sku", sku);
                }
                node.put("code", issue.code()).put("severity", issue.severity()).put("message", issue.message());
                if (issue.attributeName() != null) {
                    node.put("attributeName", issue.attributeName());
                }
            }
        }
        ObjectNode summary = summary(report, issues, accepted + invalid, accepted, invalid);
        if (header.has("report")) {
            items(report, summary, header.get("report").get("includedData"), changed);
        }
        return new Result(false, report, accepted + invalid, accepted, invalid);
    }

    private Listings.Outcome apply(JsonNode message) {
        String sku = message.get("sku").asText();
        return switch (message.get("operationType").asText()) {
            case "PATCH" -> listings.patch(sku, message.get("patches"), false);
            case "PARTIAL_UPDATE" -> listings.partialUpdate(sku, message.get("attributes"));
            case "UPDATE" -> listings.update(sku, message.get("productType").asText(), message.get("attributes"));
            default -> listings.delete(sku);
        };
    }

    /** The listings items the feed created or changed, with the data sets the header asked for. */
    private void items(ObjectNode report, ObjectNode summary, JsonNode includedData, Set<String> skus) {
        Set<String> data = new HashSet<>();
        includedData.forEach(value -> data.add(value.asText()));
        ArrayNode items = report.putArray("items");
        int errors = 0;
        int warnings = 0;
        for (String sku : skus) {
            if (listings.has(sku)) {
                ObjectNode item = listings.item(sku, data);
                items.add(item);
                for (JsonNode issue : listings.item(sku, Set.of("issues")).get("issues")) {
                    errors += issue.get("severity").asText().equals("ERROR") ? 1 : 0;
                    warnings += issue.get("severity").asText().equals("WARNING") ? 1 : 0;
                }
            }
        }
        summary.putObject("itemSummary").put("items", items.size()).put("errors", errors).put("warnings", warnings);
    }

    private Result fatal(String feedId, String message) {
        ObjectNode report = report(feedId, null);
        ArrayNode issues = report.putArray("issues");
        issues.addObject().put("code", FEED_UNREADABLE).put("severity", "ERROR").put("message", message);
        summary(report, issues, 0, 0, 0);
        return new Result(true, report, 0, 0, 0);
    }

    /** The report's header; {@code reportRequest} is the feed header's {@code report}, echoed when given. */
    private ObjectNode report(String feedId, JsonNode reportRequest) {
        ObjectNode report = nodes.objectNode();
        ObjectNode header = report.putObject("header").put("sellerId", sellerId).put("version", "2.0").put("feedId", feedId);
        if (reportRequest != null) {
            header.set("report", reportRequest);
        }
        return report;
    }

    private ObjectNode summary(ObjectNode report, ArrayNode issues, int processed, int accepted, int invalid) {
        int errors = 0;
        int warnings = 0;
        for (JsonNode issue : issues) {
            errors += issue.get("severity").asText().equals("ERROR") ? 1 : 0;
            warnings += issue.get("severity").asText().equals("WARNING") ? 1 : 0;
        }
        return report.putObject("summary").put("errors", errors).put("warnings", warnings).put("messagesProcessed", processed)
                .put("messagesAccepted", accepted).put("messagesInvalid", invalid);
    }

    /** The charset the content type names; UTF-8 (which Amazon recommends) when it names none or an unknown one. */
    static Charset charset(String contentType) {
        if (contentType != null) {
            for (String parameter : contentType.split(";")) {
                String[] pair = parameter.trim().split("=", 2);
                if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("charset")) {
                    try {
                        return Charset.forName(pair[1].trim().replace("\"", ""));
                    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                        return StandardCharsets.UTF_8;
                    }
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
