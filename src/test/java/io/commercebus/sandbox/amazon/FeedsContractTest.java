package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.contract.JsonSchemaFile;
import io.commercebus.contract.OpenApiContract;
import io.commercebus.support.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Feeds API answers what Amazon's published feeds_2021-06-30 definition describes, the requests the
 * tests send conform to it too, and the processing reports have the shape Amazon documents for
 * JSON_LISTINGS_FEED (their listings items that of the Listings Items API's Item).
 */
class FeedsContractTest {

    static final Path FEEDS_SPEC = Path.of("../shared/specs/amazon/feeds_2021-06-30.json");
    static final Path LISTINGS_SPEC = Path.of("../shared/specs/amazon/listingsItems_2021-08-01.json");
    static final String FEEDS = "/feeds/2021-06-30/feeds";
    static final String FEED = "/feeds/2021-06-30/feeds/{feedId}";
    static final String DOCUMENTS = "/feeds/2021-06-30/documents";
    static final String DOCUMENT = "/feeds/2021-06-30/documents/{feedDocumentId}";
    static final String ITEM = "/listings/2021-08-01/items/{sellerId}/{sku}";

    static AmazonSandbox amazon;
    static SpApi api;
    static FeedClient client;
    static OpenApiContract contract;
    static OpenApiContract listings;
    static RequestBodies requests;
    static JsonSchemaFile reports;

    @BeforeAll
    static void start() throws Exception {
        amazon = SpApi.feedsSandbox(Duration.ofMillis(50), null);
        api = new SpApi(amazon);
        client = new FeedClient(api);
        contract = new OpenApiContract(FEEDS_SPEC);
        listings = new OpenApiContract(LISTINGS_SPEC);
        requests = new RequestBodies(FEEDS_SPEC);
        reports = new JsonSchemaFile("/amazon/listings-feed-processing-report.schema.json");
    }

    @AfterAll
    static void stop() {
        amazon.close();
    }

    @Test
    void createFeedDocumentAndCreateFeed() throws Exception {
        ObjectNode documentRequest = Json.mapper().createObjectNode().put("contentType", FeedClient.JSON);
        assertThat(requests.validate(DOCUMENTS, "POST", documentRequest)).isEmpty();
        JsonNode document = conforms(api.send("POST", DOCUMENTS, documentRequest), DOCUMENTS, "POST", 201);
        SpApi.put(document.get("url").asText(), FeedClient.JSON,
                Json.mapper().writeValueAsBytes(FeedClient.feed(FeedClient.quantity(1, "MUG-11OZ", 9))));

        ObjectNode feedRequest = Json.mapper().createObjectNode().put("feedType", "JSON_LISTINGS_FEED")
                .put("inputFeedDocumentId", document.get("feedDocumentId").asText());
        feedRequest.putArray("marketplaceIds").add(SpApi.MARKETPLACE);
        feedRequest.putObject("feedOptions");
        assertThat(requests.validate(FEEDS, "POST", feedRequest)).isEmpty();
        JsonNode feed = conforms(api.send("POST", FEEDS, feedRequest), FEEDS, "POST", 202);
        client.awaitTerminal(feed.get("feedId").asText());

        conforms(api.send("POST", DOCUMENTS, Map.of()), DOCUMENTS, "POST", 400);
        conforms(api.send("POST", FEEDS, Map.of("feedType", "JSON_LISTINGS_FEED")), FEEDS, "POST", 400);
    }

    @Test
    void getFeedInEveryStatus() throws Exception {
        amazon.pauseFeedProcessing();
        String cancelled;
        String done;
        try {
            cancelled = client.submit(FeedClient.feed(FeedClient.quantity(1, "MUG-15OZ", 1)));
            done = client.submit(FeedClient.feed(FeedClient.quantity(1, "MUG-15OZ", 2)));
            assertThat(conforms(api.get("/feeds/2021-06-30/feeds/" + done), FEED, "GET", 200).get("processingStatus").asText())
                    .isEqualTo("IN_QUEUE");
            HttpResponse<String> cancel = api.send("DELETE", "/feeds/2021-06-30/feeds/" + cancelled, null);
            assertThat(cancel.statusCode()).isEqualTo(200);
            assertThat(cancel.body()).as("the definition's 200 has no body").isEmpty();
            assertThat(cancel.headers().firstValue("x-amzn-RateLimit-Limit")).isPresent();
        } finally {
            amazon.resumeFeedProcessing();
        }
        assertThat(conforms(api.get("/feeds/2021-06-30/feeds/" + cancelled), FEED, "GET", 200).get("processingStatus").asText())
                .isEqualTo("CANCELLED");
        conforms(api.send("DELETE", "/feeds/2021-06-30/feeds/" + cancelled, null), FEED, "DELETE", 400);
        client.awaitTerminal(done);
        assertThat(conforms(api.get("/feeds/2021-06-30/feeds/" + done), FEED, "GET", 200).get("processingStatus").asText())
                .isEqualTo("DONE");
        String fatal = client.submit("not json".getBytes(StandardCharsets.UTF_8), FeedClient.JSON, "JSON_LISTINGS_FEED");
        client.awaitTerminal(fatal);
        assertThat(conforms(api.get("/feeds/2021-06-30/feeds/" + fatal), FEED, "GET", 200).get("processingStatus").asText())
                .isEqualTo("FATAL");
        conforms(api.get("/feeds/2021-06-30/feeds/404404404"), FEED, "GET", 404);
        conforms(api.send("DELETE", "/feeds/2021-06-30/feeds/404404404", null), FEED, "DELETE", 404);
    }

    @Test
    void getFeeds() throws Exception {
        for (int i = 0; i < 3; i++) {
            client.awaitTerminal(client.submit(FeedClient.feed(FeedClient.quantity(1, "CAP-ONE", i))));
        }
        JsonNode page = conforms(api.get("/feeds/2021-06-30/feeds?feedTypes=JSON_LISTINGS_FEED&pageSize=2"
                + "&processingStatuses=DONE,FATAL&marketplaceIds=" + SpApi.MARKETPLACE), FEEDS, "GET", 200);
        assertThat(page.get("feeds")).hasSize(2);
        conforms(api.get("/feeds/2021-06-30/feeds?nextToken=" + SpApi.encode(page.get("nextToken").asText())), FEEDS, "GET", 200);
        conforms(api.get("/feeds/2021-06-30/feeds?feedTypes=NONE"), FEEDS, "GET", 200);
        conforms(api.get("/feeds/2021-06-30/feeds?pageSize=5"), FEEDS, "GET", 400);
    }

    @Test
    void getFeedDocumentPlainAndGzipped() throws Exception {
        JsonNode plain = client.awaitTerminal(client.submit(FeedClient.feed(FeedClient.quantity(1, "TEE-L-BLK", 5))));
        assertThat(conforms(api.get("/feeds/2021-06-30/documents/" + plain.get("resultFeedDocumentId").asText()), DOCUMENT, "GET", 200)
                .has("compressionAlgorithm")).isFalse();
        amazon.setGzipFeedReports(true);
        try {
            JsonNode gzipped = client.awaitTerminal(client.submit(FeedClient.feed(FeedClient.quantity(1, "TEE-L-BLK", 6))));
            assertThat(conforms(api.get("/feeds/2021-06-30/documents/" + gzipped.get("resultFeedDocumentId").asText()
                    + "?enableContentEncodingUrlHeader=true"), DOCUMENT, "GET", 200).get("compressionAlgorithm").asText()).isEqualTo("GZIP");
        } finally {
            amazon.setGzipFeedReports(false);
        }
        conforms(api.get("/feeds/2021-06-30/documents/amzn1.tortuga.4.na.missing"), DOCUMENT, "GET", 404);
        conforms(api.get("/feeds/2021-06-30/documents/x?enableContentEncodingUrlHeader=maybe"), DOCUMENT, "GET", 400);
    }

    @Test
    void refusedRequestsConform() throws Exception {
        conforms(api.get("/feeds/2021-06-30/feeds?feedTypes=JSON_LISTINGS_FEED", null), FEEDS, "GET", 403);
        conforms(api.get("/feeds/2021-06-30/feeds/1", null), FEED, "GET", 403);
        conforms(api.get("/feeds/2021-06-30/documents/x", null), DOCUMENT, "GET", 403);
        amazon.setUsagePlan("getFeed", 0.001, 1);
        try {
            api.get("/feeds/2021-06-30/feeds/1");
            HttpResponse<String> throttled = api.get("/feeds/2021-06-30/feeds/1");
            assertThat(conforms(throttled, FEED, "GET", 429).at("/errors/0/code").asText()).isEqualTo("QuotaExceeded");
        } finally {
            amazon.setUsagePlan("getFeed", 1000, 1000);
        }
    }

    @Test
    void processingReportsHaveTheDocumentedShape() throws Exception {
        ObjectNode withItems = FeedClient.feed(FeedClient.quantity(1, "SOCKS-3PK", 4), FeedClient.price(2, "SOCKS-3PK", "9.49"),
                FeedClient.quantity(3, "NO-SUCH-SKU", 1), FeedClient.price(4, "SOCKS-3PK", "-3"));
        ((ObjectNode) withItems.get("header")).putObject("report").put("apiVersion", "2021-08-01").set("includedData",
                Json.mapper().valueToTree(List.of("summaries", "attributes", "issues", "offers", "fulfillmentAvailability",
                        "procurement", "relationships", "productTypes")));
        ObjectNode example = (ObjectNode) Json.mapper().readTree(Path.of("../shared/specs/amazon/listings-feed-schema-v2.example.json").toFile());
        ((ObjectNode) example.get("header")).put("sellerId", SpApi.SELLER_ID);

        List<JsonNode> documents = List.of(FeedClient.feed(FeedClient.quantity(1, "HOODIE-L", 3)), withItems, example);
        int items = 0;
        for (JsonNode document : documents) {
            JsonNode report = client.report(client.awaitTerminal(client.submit(document)));
            assertThat(reports.validate("report", report)).as(report.toString()).isEmpty();
            for (JsonNode item : report.path("items")) {
                assertThat(listings.validate(ITEM, "GET", 200, "application/json", item)).as(item.toString()).isEmpty();
                items++;
            }
        }
        assertThat(items).isEqualTo(2);
        JsonNode fatal = client.report(client.awaitTerminal(client.submit("[]".getBytes(StandardCharsets.UTF_8), FeedClient.JSON,
                "JSON_LISTINGS_FEED")));
        assertThat(reports.validate("report", fatal)).as(fatal.toString()).isEmpty();
    }

    @Test
    void theReportCheckRejectsAReportThatBreaksTheShape() throws Exception {
        ObjectNode report = (ObjectNode) client.report(client.awaitTerminal(client.submit(FeedClient.feed(
                FeedClient.quantity(1, "NO-SUCH-SKU", 1)))));
        ((ObjectNode) report.get("summary")).remove("messagesInvalid");
        ((ObjectNode) report.at("/issues/0")).remove("severity");
        ((ObjectNode) report.at("/issues/0")).put("messageId", "1");
        ((ObjectNode) report.get("header")).put("version", "2");
        report.putArray("messages");

        assertThat(reports.validate("report", report)).extracting(m -> m.getInstanceLocation().toString())
                .contains("$.summary", "$.issues[0]", "$.issues[0].messageId", "$.header.version", "$");
    }

    private static JsonNode conforms(HttpResponse<String> response, String path, String method, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        if (Set.of(200, 201, 202, 400, 404).contains(status)) {
            assertThat(response.headers().firstValue("x-amzn-RateLimit-Limit")).isPresent();
        }
        JsonNode body = SpApi.json(response);
        assertThat(contract.validate(path, method, status, "application/json", body)).as(response.body()).isEmpty();
        return body;
    }
}
