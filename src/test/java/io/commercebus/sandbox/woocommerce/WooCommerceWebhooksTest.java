package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.support.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Webhooks are pinged when created, then deliver signed orders; failures are retried, then disable the webhook. */
class WooCommerceWebhooksTest {

    static final String SECRET = "my-super-secret-private-key";
    TestStore store;
    WebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        // two retries; WooCommerce's failure rule with a maximum of 1 disables on the third failure in a row
        store = new TestStore(List.of(Duration.ofMillis(100), Duration.ofMillis(100)), 1, null);
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stop() {
        store.close();
        receiver.close();
    }

    @Test
    void aNewWebhookIsPingedThenReceivesSignedCreatedAndUpdatedOrders() throws Exception {
        int created = createWebhook("order.created", "/created");
        // the ping is over before the webhook is answered
        WebhookReceiver.Delivery ping = receiver.poll(0);
        assertThat(ping).isNotNull();
        assertThat(ping.text()).isEqualTo("webhook_id=" + created);
        assertThat(ping.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(ping.header("X-WC-Webhook-Signature")).isNull();
        int updated = createWebhook("order.updated", "/updated");
        assertThat(receiver.next().text()).isEqualTo("webhook_id=" + updated);

        String body = Json.mapper().writeValueAsString(store.sandbox.demoOrderBody());
        int orderId = TestStore.json(store.send("POST", "/orders", body)).get("id").asInt();
        WebhookReceiver.Delivery delivery = receiver.next();

        assertThat(delivery.path()).isEqualTo("/created");
        assertThat(delivery.header("X-WC-Webhook-Topic")).isEqualTo("order.created");
        assertThat(delivery.header("X-WC-Webhook-Resource")).isEqualTo("order");
        assertThat(delivery.header("X-WC-Webhook-Event")).isEqualTo("created");
        assertThat(delivery.header("X-WC-Webhook-ID")).isEqualTo(Integer.toString(created));
        assertThat(delivery.header("X-WC-Webhook-Delivery-ID")).matches("[0-9a-f]{32}");
        assertThat(delivery.header("X-WC-Webhook-Source")).isEqualTo(store.sandbox.baseUrl() + "/");
        assertThat(delivery.header("User-Agent")).startsWith("WooCommerce/");
        assertThat(delivery.header("X-WC-Webhook-Signature")).isEqualTo(hmac(delivery.body(), SECRET));
        JsonNode order = Json.mapper().readTree(delivery.body());
        assertThat(order).isEqualTo(TestStore.json(store.get("/orders/" + orderId)));
        // WordPress escapes slashes: only the raw bytes carry the signature, not a re-serialised body
        assertThat(delivery.text()).contains("\\/wp-json\\/wc\\/v3\\/orders\\/" + orderId);
        assertThat(hmac(Json.mapper().writeValueAsBytes(order), SECRET)).isNotEqualTo(delivery.header("X-WC-Webhook-Signature"));

        store.send("PUT", "/orders/" + orderId, "{\"status\":\"completed\"}");
        WebhookReceiver.Delivery update = receiver.next();

        assertThat(update.path()).isEqualTo("/updated");
        assertThat(update.header("X-WC-Webhook-Topic")).isEqualTo("order.updated");
        assertThat(update.header("X-WC-Webhook-Signature")).isEqualTo(hmac(update.body(), SECRET));
        assertThat(Json.mapper().readTree(update.body()).get("status").asText()).isEqualTo("completed");
        assertThat(receiver.poll(300)).as("no other deliveries").isNull();
        assertThat(store.sandbox.stats()).containsEntry("webhooksDelivered", 2L).containsEntry("webhookPings", 2L);
    }

    @Test
    void aFailedDeliveryIsRetriedWithTheSameBodySignatureAndDeliveryId() throws Exception {
        createWebhook("order.created", "/created");
        receiver.next();
        receiver.status.set(503);

        store.sandbox.placeDemoOrders(1);
        WebhookReceiver.Delivery first = receiver.next();
        receiver.status.set(200);
        WebhookReceiver.Delivery retry = receiver.next();

        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("X-WC-Webhook-Signature")).isEqualTo(first.header("X-WC-Webhook-Signature"));
        assertThat(retry.header("X-WC-Webhook-Delivery-ID")).isEqualTo(first.header("X-WC-Webhook-Delivery-ID"));
        assertThat(receiver.poll(300)).isNull();
        assertThat(store.sandbox.stats()).containsEntry("webhooksDelivered", 1L).containsEntry("webhookFailedAttempts", 1L);
    }

    @Test
    void consecutiveFailuresDisableTheWebhookUntilItIsReactivated() throws Exception {
        int id = createWebhook("order.created", "/created");
        receiver.next();
        receiver.status.set(500);

        store.sandbox.placeDemoOrders(1);
        for (int attempt = 0; attempt < 3; attempt++) {
            receiver.next();
        }

        await().atMost(Duration.ofSeconds(5)).until(() ->
                TestStore.json(store.get("/webhooks/" + id)).get("status").asText().equals("disabled"));
        store.sandbox.placeDemoOrders(1);
        assertThat(receiver.poll(500)).as("a disabled webhook delivers nothing").isNull();
        assertThat(store.sandbox.stats()).containsEntry("webhookFailedAttempts", 3L);

        receiver.status.set(200);
        assertThat(TestStore.json(store.send("PUT", "/webhooks/" + id, "{\"status\":\"active\"}")).get("status").asText())
                .isEqualTo("active");
        int orderId = store.sandbox.placeDemoOrders(1).get(0);

        assertThat(Json.mapper().readTree(receiver.next().body()).get("id").asInt()).isEqualTo(orderId);
    }

    @Test
    void webhooksAreManagedThroughTheApi() throws Exception {
        int id = createWebhook("order.updated", "/updated");
        receiver.next();

        JsonNode listed = TestStore.json(store.get("/webhooks?status=active"));
        JsonNode renamed = TestStore.json(store.send("PUT", "/webhooks/" + id, "{\"name\":\"Bus orders\",\"status\":\"paused\"}"));
        HttpResponse<String> trash = store.send("DELETE", "/webhooks/" + id, null);
        HttpResponse<String> deleted = store.send("DELETE", "/webhooks/" + id + "?force=true", null);

        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).has("secret")).as("the secret is write-only").isFalse();
        assertThat(listed.get(0).get("hooks").get(0).asText()).isEqualTo("woocommerce_update_order");
        assertThat(renamed.get("name").asText()).isEqualTo("Bus orders");
        assertThat(renamed.get("status").asText()).isEqualTo("paused");
        assertThat(trash.statusCode()).isEqualTo(501);
        assertThat(TestStore.json(trash).get("code").asText()).isEqualTo("woocommerce_rest_trash_not_supported");
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(TestStore.json(store.get("/webhooks"))).isEmpty();
        HttpResponse<String> invalid = store.send("POST", "/webhooks", "{\"topic\":\"order.exploded\",\"delivery_url\":\"http://x\"}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(TestStore.json(invalid).get("code").asText()).isEqualTo("woocommerce_rest_webhook_invalid_topic");
    }

    private int createWebhook(String topic, String path) throws Exception {
        HttpResponse<String> response = store.send("POST", "/webhooks", Json.mapper().writeValueAsString(Map.of(
                "name", "Bus " + topic, "topic", topic, "delivery_url", receiver.url(path), "secret", SECRET)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).isPresent();
        return TestStore.json(response).get("id").asInt();
    }

    /** What a receiver computes: base64 of HMAC-SHA256 over the raw body bytes, keyed with the secret. */
    private static String hmac(byte[] body, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(body));
    }
}
