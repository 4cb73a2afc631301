package io.commercebus.connector.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.ledger.DeadLetterReason;
import io.commercebus.ledger.PermanentFailure;
import io.commercebus.sandbox.bigcommerce.BigCommerceSandbox;
import io.commercebus.support.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The BigCommerce client against the store sandbox, over HTTP. */
class BigCommerceClientTest {

    private BigCommerceSandbox store;
    private BigCommerceClient client;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() {
        store = new BigCommerceSandbox(new BigCommerceSandbox.Config("127.0.0.1", 0, "client1", "1001", "token", 1000,
                Duration.ofSeconds(30), 0, List.of(), new BigDecimal("0.0825"), 3, null)).start();
        client = new BigCommerceClient(new BigCommerceStore("shop", store.apiUrl(), "token", null), http,
                Duration.ofSeconds(10), Duration.ofSeconds(30), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void fetchesTheOrderWithItsProductsAndShippingAddresses() throws Exception {
        int id = store.placeDemoOrders(1).get(0);

        JsonNode order = Json.mapper().readTree(client.fetchOrder(Integer.toString(id)));

        assertThat(order.get("id").asInt()).isEqualTo(id);
        assertThat(order.get("products").isArray()).isTrue();
        assertThat(order.get("products").get(0).get("sku").asText()).isNotBlank();
        assertThat(order.get("shipping_addresses").get(0).get("shipping_method").asText()).isNotBlank();
    }

    @Test
    void keepsWithinTheStoresQuotaAsItsHeadersReportIt() {
        List<Integer> ids = store.placeDemoOrders(4);
        store.setRateLimit(5, Duration.ofSeconds(1));
        long start = System.nanoTime();

        for (int id : ids) {
            client.fetchOrder(Integer.toString(id));
        }

        // 12 requests at 5 per second: the client waits for the window instead of drawing 429s
        assertThat(store.rateLimitedRequests()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void waitsOutA429AndCarriesOn() throws Exception {
        int id = store.placeDemoOrders(1).get(0);
        store.setRateLimit(2, Duration.ofSeconds(1));
        // another app of the merchant uses up the quota
        for (int i = 0; i < 3; i++) {
            http.send(HttpRequest.newBuilder(URI.create(store.apiUrl() + "/v2/orders/count")).header("X-Auth-Token", "token")
                    .build(), HttpResponse.BodyHandlers.discarding());
        }

        assertThat(client.fetchOrder(Integer.toString(id))).contains("\"id\":" + id);
        assertThat(store.rateLimitedRequests()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void anOrderTheStoreDoesNotHaveIsSourceNotFound() {
        assertThatThrownBy(() -> client.fetchOrder("424242"))
                .isInstanceOf(PermanentFailure.class)
                .satisfies(e -> assertThat(((PermanentFailure) e).reason()).isEqualTo(DeadLetterReason.SOURCE_NOT_FOUND));
    }

    @Test
    void listsEveryChangedOrderAcrossPagesOldestChangeFirst() {
        Instant before = Instant.now().minusSeconds(1);
        List<Integer> ids = store.placeDemoOrders(BigCommerceClient.PAGE_SIZE + 30);

        List<BigCommerceClient.ChangedOrder> changed = client.ordersModifiedSince(before);

        assertThat(changed).extracting(BigCommerceClient.ChangedOrder::id)
                .containsExactlyElementsOf(ids.stream().map(String::valueOf).toList());
        assertThat(changed).extracting(BigCommerceClient.ChangedOrder::modifiedAt).isSorted();
    }

    @Test
    void registersEachWebhookOnceHoweverOftenItIsAsked() {
        client.ensureWebhook("store/order/created", "https://bus.example.com/webhooks/bigcommerce/shop", Map.of("X-S", "1"));
        client.ensureWebhook("store/order/created", "https://bus.example.com/webhooks/bigcommerce/shop", Map.of("X-S", "1"));
        client.ensureWebhook("store/order/created", "https://bus.example.com/webhooks/bigcommerce/shop", Map.of("X-S", "2"));

        assertThat(store.stats()).containsEntry("hooks", 1);
    }
}
