package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.commercebus.contract.JsonSchemaFile;
import io.commercebus.support.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The WooCommerce sandbox answers what WooCommerce's REST API v3 documentation describes. WooCommerce publishes
 * no OpenAPI definition or schema for {@code /wp-json/wc/v3}: the bodies are checked against our JSON Schema
 * written from the documentation's property tables (woocommerce/orders.schema.json). The webhook delivery headers are
 * checked against the request headers table of the legacy wc-api v3 webhooks page in
 * {@code ../shared/specs/woocommerce}, for what that API and the modern one have in common.
 */
class WooCommerceContractTest {

    static final Path LEGACY_WEBHOOKS = Path.of("../shared/specs/woocommerce/_webhooks.md");
    static final List<String> WEBHOOK_HEADERS = List.of("X-WC-Webhook-Topic", "X-WC-Webhook-Resource", "X-WC-Webhook-Event",
            "X-WC-Webhook-Signature", "X-WC-Webhook-ID", "X-WC-Webhook-Delivery-ID");
    /**
     * Where the modern API departs from the legacy table: the legacy API logged each delivery as a comment and sent
     * its integer id; WooCommerce now sends {@code wp_hash(webhook id . time)}, 32 hex digits
     * ({@code WC_Webhook::get_new_delivery_id}), and so does the sandbox.
     */
    static final Map<String, Pattern> UNLIKE_THE_LEGACY_API = Map.of("X-WC-Webhook-Delivery-ID", Pattern.compile("[0-9a-f]{32}"));

    static TestStore store;
    static JsonSchemaFile schema;
    /** Paid, with line, shipping and fee taxes, a coupon and a fee. */
    static int paidId;
    static int unpaidId;

    @BeforeAll
    static void start() throws Exception {
        store = new TestStore();
        schema = new JsonSchemaFile("/woocommerce/orders.schema.json");
        ObjectNode paid = store.sandbox.demoOrderBody();
        paid.put("status", "processing").put("set_paid", true);
        paid.putArray("coupon_lines").addObject().put("code", "WELCOME5");
        paid.putArray("fee_lines").addObject().put("name", "Gift wrapping").put("total", "4.95").put("tax_status", "taxable");
        paidId = store.sandbox.placeOrder(paid);
        ObjectNode unpaid = store.sandbox.demoOrderBody();
        unpaid.remove("set_paid");
        unpaid.put("status", "pending");
        unpaidId = store.sandbox.placeOrder(unpaid);
        store.sandbox.placeDemoOrders(12);
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Test
    void retrieveAnOrder() throws Exception {
        HttpResponse<String> response = store.get("/orders/" + paidId);
        JsonNode order = TestStore.json(response);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(problems(schema.validate("order", order))).as(response.body()).isEmpty();
        // every kind of line is there to be checked
        for (String lines : List.of("line_items", "tax_lines", "shipping_lines", "fee_lines", "coupon_lines", "meta_data")) {
            assertThat(order.get(lines)).as(lines).isNotEmpty();
        }
        for (String lines : List.of("line_items", "shipping_lines", "fee_lines")) {
            assertThat(order.get(lines).get(0).get("taxes")).as(lines + "[0].taxes").isNotEmpty();
        }
        assertThat(order.get("date_paid").isTextual()).isTrue();
    }

    @Test
    void listOrdersPaidAndUnpaid() throws Exception {
        HttpResponse<String> response = store.get("/orders?per_page=100&modified_after=2020-01-01T00:00:00");
        JsonNode orders = TestStore.json(response);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(problems(schema.validate("orderList", orders))).as(response.body()).isEmpty();
        assertThat(orders).extracting(o -> o.get("id").asInt()).contains(paidId, unpaidId);
        assertThat(orders).extracting(o -> o.get("date_paid").isNull()).contains(true, false);
    }

    @Test
    void anUnpaidOrderHasNoPaymentDate() throws Exception {
        JsonNode unpaid = TestStore.json(store.get("/orders/" + unpaidId));

        assertThat(unpaid.get("date_paid").isNull()).isTrue();
        assertThat(unpaid.get("date_paid_gmt").isNull()).isTrue();
        assertThat(unpaid.get("needs_payment").asBoolean()).isTrue();
    }

    @Test
    void createAndRetrieveAWebhook() throws Exception {
        HttpResponse<String> created = store.send("POST", "/webhooks",
                "{\"name\":\"Bus\",\"topic\":\"order.updated\",\"delivery_url\":\"http://127.0.0.1:9/hooks\",\"secret\":\"s\"}");
        HttpResponse<String> response = store.get("/webhooks/" + TestStore.json(created).get("id").asInt());

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(problems(schema.validate("webhook", TestStore.json(created)))).as(created.body()).isEmpty();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(problems(schema.validate("webhook", TestStore.json(response)))).as(response.body()).isEmpty();
    }

    @Test
    void anUnknownOrderIsAnError() throws Exception {
        HttpResponse<String> response = store.get("/orders/999999");
        JsonNode error = TestStore.json(response);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(problems(schema.validate("error", error))).as(response.body()).isEmpty();
        assertThat(error.get("code").asText()).isEqualTo("woocommerce_rest_shop_order_invalid_id");
        assertThat(error.get("data").get("status").asInt()).isEqualTo(404);
    }

    @Test
    void theSchemaCatchesATypeChangeAndAMissingProperty() throws Exception {
        ObjectNode order = (ObjectNode) TestStore.json(store.get("/orders/" + paidId));
        order.put("total", 12.5);
        ((ObjectNode) order.get("billing")).remove("email");
        ((ObjectNode) order.get("line_items").get(0)).put("quantity", "2");
        order.remove("shipping_lines");
        ObjectNode webhook = (ObjectNode) TestStore.json(store.send("POST", "/webhooks",
                "{\"topic\":\"order.created\",\"delivery_url\":\"http://127.0.0.1:9/hooks\"}"));
        webhook.put("secret", "shown");
        ObjectNode error = (ObjectNode) TestStore.json(store.get("/orders/999999"));
        ((ObjectNode) error.get("data")).put("status", "404");

        assertThat(problems(schema.validate("order", order))).containsExactlyInAnyOrder(
                "$.total: type", "$.billing: required email", "$.line_items[0].quantity: type", "$: required shipping_lines");
        assertThat(problems(schema.validate("webhook", webhook))).containsExactly("$.secret: false");
        assertThat(problems(schema.validate("error", error))).containsExactly("$.data.status: type");
    }

    @Test
    void theSchemaIsValidDraft202012() {
        JsonSchema metaSchema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

        assertThat(problems(metaSchema.validate(schema.document()))).isEmpty();
    }

    @Test
    void aDeliveryCarriesTheRequestHeadersOfTheSharedDocumentation() throws Exception {
        Map<String, String> documented = requestHeaders(LEGACY_WEBHOOKS);
        assertThat(documented).containsKeys(WEBHOOK_HEADERS.toArray(String[]::new));
        String secret = "contract-secret";

        try (TestStore shop = new TestStore(); WebhookReceiver receiver = new WebhookReceiver()) {
            HttpResponse<String> created = shop.send("POST", "/webhooks", Json.mapper().writeValueAsString(Map.of(
                    "topic", "order.created", "delivery_url", receiver.url("/hooks"), "secret", secret)));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            receiver.next(); // the ping, which is not a delivery
            shop.sandbox.placeDemoOrders(1);
            WebhookReceiver.Delivery delivery = receiver.next();

            for (Map.Entry<String, String> header : documented.entrySet()) {
                String name = header.getKey();
                String value = delivery.header(name);
                assertThat(value).as(name).isNotBlank();
                if (UNLIKE_THE_LEGACY_API.containsKey(name)) {
                    assertThat(header.getValue()).as("the legacy type of " + name).isEqualTo("integer");
                    assertThat(value).as(name).matches(UNLIKE_THE_LEGACY_API.get(name));
                } else if (header.getValue().equals("integer")) {
                    assertThatCode(() -> Long.parseLong(value)).as(name + ": " + value).doesNotThrowAnyException();
                } else {
                    assertThat(header.getValue()).as("documented type of " + name).isEqualTo("string");
                }
            }
            // "a base64 encoded HMAC-SHA256 hash of the payload", over the bytes as sent
            String signature = delivery.header("X-WC-Webhook-Signature");
            assertThat(Base64.getDecoder().decode(signature)).hasSize(32);
            assertThat(signature).isEqualTo(hmacSha256(delivery.body(), secret));
            assertThat(delivery.header("X-WC-Webhook-ID")).isEqualTo(TestStore.json(created).get("id").asText());
            // the payload is the order as the API shows it
            assertThat(problems(schema.validate("order", Json.mapper().readTree(delivery.body())))).isEmpty();
        }
    }

    /** The rows of the page's "Request Headers Properties" table: header name and documented type. */
    static Map<String, String> requestHeaders(Path page) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(page);
        } catch (NoSuchFileException e) {
            throw new AssertionError("The check needs " + page.toAbsolutePath().normalize()
                    + ", the webhooks page of the legacy wc-api v3 documentation, in the shared specs", e);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        boolean inCode = false;
        boolean inSection = false;
        for (String line : lines) {
            if (line.startsWith("```")) {
                inCode = !inCode;
            } else if (!inCode && line.startsWith("#")) {
                if (inSection) {
                    break;
                }
                inSection = line.replace("#", "").trim().equals("Request Headers Properties");
            } else if (inSection && line.startsWith("|")) {
                String[] cells = line.split("\\|");
                String name = cells.length > 2 ? cells[1].trim() : "";
                // the header and separator rows have no `name`
                if (name.length() > 2 && name.startsWith("`") && name.endsWith("`")) {
                    headers.put(name.substring(1, name.length() - 1), cells[2].trim());
                }
            }
        }
        if (headers.isEmpty()) {
            throw new AssertionError(page + " has no 'Request Headers Properties' table");
        }
        return headers;
    }

    /** Each problem as {@code <instance location>: <keyword>[ <missing property>]}, e.g. {@code $.billing: required email}. */
    private static List<String> problems(Set<ValidationMessage> messages) {
        return messages.stream()
                .map(m -> m.getInstanceLocation() + ": " + m.getType() + (m.getType().equals("required") ? " " + m.getProperty() : ""))
                .sorted().toList();
    }

    private static String hmacSha256(byte[] body, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }
}
