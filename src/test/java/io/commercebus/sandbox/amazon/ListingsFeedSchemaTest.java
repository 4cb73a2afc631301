package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.commercebus.support.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox's Java checks of a JSON_LISTINGS_FEED document reach the same verdict as Amazon's
 * published listings-feed-schema-v2.json, on its own example and on documents that break each rule.
 */
class ListingsFeedSchemaTest {

    static final Path SCHEMA = Path.of("../shared/specs/amazon/listings-feed-schema-v2.json");
    static final Path EXAMPLE = Path.of("../shared/specs/amazon/listings-feed-schema-v2.example.json");
    static JsonSchema official;

    @BeforeAll
    static void load() throws Exception {
        official = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(Json.mapper().readTree(SCHEMA.toFile()));
    }

    @Test
    void theExampleAndTheBusesMessagesConform() throws Exception {
        JsonNode example = Json.mapper().readTree(EXAMPLE.toFile());
        assertThat(official.validate(example)).isEmpty();
        assertThat(sandboxVerdict(example)).isTrue();

        JsonNode bus = FeedClient.feed(FeedClient.quantity(1, "MUG-11OZ", 5), FeedClient.price(2, "MUG-11OZ", "12.99"));
        assertThat(official.validate(bus)).isEmpty();
        assertThat(sandboxVerdict(bus)).isTrue();
    }

    @Test
    void theJavaChecksAgreeWithThePublishedSchema() {
        Map<String, Boolean> verdicts = new LinkedHashMap<>();
        List<String> disagreements = new ArrayList<>();
        for (Map.Entry<String, JsonNode> sample : samples().entrySet()) {
            boolean schema = official.validate(sample.getValue()).isEmpty();
            boolean sandbox = sandboxVerdict(sample.getValue());
            verdicts.put(sample.getKey(), schema);
            if (schema != sandbox) {
                disagreements.add(sample.getKey() + ": schema " + schema + ", sandbox " + sandbox + " "
                        + official.validate(sample.getValue()));
            }
        }
        assertThat(disagreements).isEmpty();
        assertThat(verdicts).as("the samples test both ways").containsValue(true).containsValue(false);
        assertThat(verdicts.entrySet().stream().filter(e -> e.getKey().startsWith("valid")).allMatch(Map.Entry::getValue)).isTrue();
        assertThat(verdicts.entrySet().stream().filter(e -> !e.getKey().startsWith("valid")).noneMatch(Map.Entry::getValue)).isTrue();
    }

    /** The sandbox's verdict: the frame and every message conform. */
    static boolean sandboxVerdict(JsonNode document) {
        if (!ListingsFeedSchema.frame(document).isEmpty()) {
            return false;
        }
        for (JsonNode message : document.get("messages")) {
            if (!ListingsFeedSchema.message(message).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Documents named "valid…" conform; every other one breaks one rule of the schema. */
    static Map<String, JsonNode> samples() {
        Map<String, JsonNode> samples = new LinkedHashMap<>();
        samples.put("valid patch", doc(m -> { }));
        samples.put("valid delete", doc(m -> {
            m.remove(List.of("productType", "patches"));
            m.put("operationType", "DELETE");
        }));
        samples.put("valid partial update", doc(m -> {
            m.remove("patches");
            m.put("operationType", "PARTIAL_UPDATE").putObject("attributes").putArray("fulfillment_availability").addObject()
                    .put("fulfillment_channel_code", "DEFAULT").put("quantity", 1);
        }));
        samples.put("valid update with requirements", doc(m -> {
            m.remove("patches");
            m.put("operationType", "UPDATE").put("requirements", "LISTING_OFFER_ONLY").putObject("attributes").put("x", 1);
        }));
        samples.put("valid patch with a merge and no value", doc(m -> ((ObjectNode) m.at("/patches/0")).put("op", "merge").remove("value")));
        samples.put("valid message with an unknown property", doc(m -> m.put("merchant_suggested_asin", "B000000000")));
        samples.put("valid report request", doc(d -> { }, h -> h.putObject("report").put("apiVersion", "2021-08-01")
                .putArray("includedData").add("issues").add("offers")));

        samples.put("no header", root(d -> d.remove("header")));
        samples.put("no messages", root(d -> d.remove("messages")));
        samples.put("empty messages", root(d -> d.putArray("messages")));
        samples.put("too many messages", root(d -> {
            ArrayNode messages = d.putArray("messages");
            for (int i = 1; i <= ListingsFeedSchema.MAX_MESSAGES + 1; i++) {
                messages.add(FeedClient.quantity(i, "SKU-" + i, 1));
            }
        }));
        samples.put("header without sellerId", doc(m -> { }, h -> h.remove("sellerId")));
        samples.put("header with version 1.0", doc(m -> { }, h -> h.put("version", "1.0")));
        samples.put("header with a numeric sellerId", doc(m -> { }, h -> h.put("sellerId", 7)));
        samples.put("report without apiVersion", doc(m -> { }, h -> h.putObject("report").putArray("includedData").add("issues")));
        samples.put("report with empty includedData", doc(m -> { }, h -> h.putObject("report").put("apiVersion", "2021-08-01")
                .putArray("includedData")));
        samples.put("report with unknown includedData", doc(m -> { }, h -> h.putObject("report").put("apiVersion", "2021-08-01")
                .putArray("includedData").add("everything")));
        samples.put("message without sku", doc(m -> m.remove("sku")));
        samples.put("message with an empty sku", doc(m -> m.put("sku", "")));
        samples.put("messageId 0", doc(m -> m.put("messageId", 0)));
        samples.put("messageId as text", doc(m -> m.put("messageId", "1")));
        samples.put("messageId above int", doc(m -> m.put("messageId", 2147483648L)));
        samples.put("unknown operationType", doc(m -> m.put("operationType", "UPSERT")));
        samples.put("patch without productType", doc(m -> m.remove("productType")));
        samples.put("patch with an empty productType", doc(m -> m.put("productType", "")));
        samples.put("patch without patches", doc(m -> m.remove("patches")));
        samples.put("patch with attributes", doc(m -> m.putObject("attributes").put("x", 1)));
        samples.put("patch with requirements", doc(m -> m.put("requirements", "LISTING")));
        samples.put("patch with empty patches", doc(m -> m.putArray("patches")));
        samples.put("patch op move", doc(m -> ((ObjectNode) m.at("/patches/0")).put("op", "move")));
        samples.put("patch without path", doc(m -> ((ObjectNode) m.at("/patches/0")).remove("path")));
        samples.put("patch value as object", doc(m -> ((ObjectNode) m.at("/patches/0")).putObject("value")));
        samples.put("patch value of numbers", doc(m -> ((ObjectNode) m.at("/patches/0")).putArray("value").add(5)));
        samples.put("delete with productType", doc(m -> {
            m.remove("patches");
            m.put("operationType", "DELETE");
        }));
        samples.put("partial update with patches", doc(m -> {
            m.put("operationType", "PARTIAL_UPDATE").putObject("attributes").put("x", 1);
        }));
        samples.put("partial update with requirements", doc(m -> {
            m.remove("patches");
            m.put("operationType", "PARTIAL_UPDATE").put("requirements", "LISTING").putObject("attributes").put("x", 1);
        }));
        samples.put("partial update with empty attributes", doc(m -> {
            m.remove("patches");
            m.put("operationType", "PARTIAL_UPDATE").putObject("attributes");
        }));
        samples.put("update without attributes", doc(m -> {
            m.remove("patches");
            m.put("operationType", "UPDATE");
        }));
        samples.put("update with unknown requirements", doc(m -> {
            m.remove("patches");
            m.put("operationType", "UPDATE").put("requirements", "ALL").putObject("attributes").put("x", 1);
        }));
        samples.put("message as text", root(d -> d.putArray("messages").add("a message")));
        return samples;
    }

    private static JsonNode doc(Consumer<ObjectNode> message) {
        return doc(message, h -> { });
    }

    private static JsonNode doc(Consumer<ObjectNode> message, Consumer<ObjectNode> header) {
        ObjectNode document = FeedClient.feed(FeedClient.quantity(1, "MUG-11OZ", 3));
        message.accept((ObjectNode) document.at("/messages/0"));
        header.accept((ObjectNode) document.get("header"));
        return document;
    }

    private static JsonNode root(Consumer<ObjectNode> change) {
        ObjectNode document = FeedClient.feed(FeedClient.quantity(1, "MUG-11OZ", 3));
        change.accept(document);
        return document;
    }
}
