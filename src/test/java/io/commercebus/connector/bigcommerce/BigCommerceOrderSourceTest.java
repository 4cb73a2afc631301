package io.commercebus.connector.bigcommerce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.reconciliation.MarketplaceOrder;
import io.commercebus.sandbox.bigcommerce.BigCommerceSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Reconciliation's view of a BigCommerce store: the orders created in a period, every page, and which NetSuite should have. */
class BigCommerceOrderSourceTest {

    BigCommerceSandbox store;
    BigCommerceOrderSource source;

    @BeforeEach
    void start() {
        store = new BigCommerceSandbox(new BigCommerceSandbox.Config("127.0.0.1", 0, "recon1", "1001", "token", 1000,
                Duration.ofSeconds(30), 0, List.of(), new BigDecimal("0.0825"), 11, null)).start();
        BigCommerceClient client = new BigCommerceClient(new BigCommerceStore("shop", store.apiUrl(), "token", null),
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), Duration.ofSeconds(10),
                Duration.ofSeconds(10), Clock.systemUTC());
        source = new BigCommerceOrderSource(Map.of("shop", client));
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void theOrdersCreatedInThePeriodComeOverEveryPageWithWhetherNetSuiteShouldHaveThem() throws Exception {
        List<Integer> before = store.placeDemoOrders(2);
        Instant from = nextSecond();
        // more than a page of 250; every seventh cancelled, some still pending or awaiting payment
        List<Integer> inPeriod = new ArrayList<>();
        List<Integer> cancelled = new ArrayList<>();
        for (int i = 0; i < 260; i++) {
            ObjectNode body = store.demoOrderBody();
            int status = i % 7 == 0 ? 5 : i % 7 == 1 ? 1 : i % 7 == 2 ? 7 : 11;
            body.put("status_id", status);
            int id = store.placeOrder(body);
            inPeriod.add(id);
            if (status == 5) {
                cancelled.add(id);
            }
        }
        Instant to = nextSecond();
        List<Integer> after = store.placeDemoOrders(2);
        long listed = store.requests("GET /v2/orders");

        List<MarketplaceOrder> orders = source.ordersCreated("shop", from, to);

        assertThat(store.requests("GET /v2/orders") - listed).isEqualTo(2);
        assertThat(orders).extracting(MarketplaceOrder::id).containsExactlyElementsOf(inPeriod.stream().map(String::valueOf).toList())
                .doesNotContainAnyElementsOf(List.of(String.valueOf(before.get(0)), String.valueOf(after.get(0))));
        assertThat(orders).filteredOn(o -> !o.expectedInNetSuite()).extracting(MarketplaceOrder::id)
                .containsExactlyElementsOf(cancelled.stream().map(String::valueOf).toList());
        assertThat(orders).allSatisfy(o -> {
            assertThat(o.createdAt()).isAfterOrEqualTo(from).isBefore(to);
            assertThat(o.currency()).isEqualTo("USD");
            assertThat(o.total()).isEqualByComparingTo(store.order(Integer.parseInt(o.id())).get("total_inc_tax").asText());
        });
        assertThat(orders.get(0).status()).isEqualTo("Cancelled");
        assertThat(orders.get(1).status()).isEqualTo("Pending");
        assertThat(orders.get(1).expectedInNetSuite()).isTrue();

        MarketplaceOrder late = source.order("shop", String.valueOf(after.get(1))).orElseThrow();
        assertThat(late.status()).isEqualTo("Awaiting Fulfillment");
        assertThat(late.expectedInNetSuite()).isTrue();
        assertThat(source.order("shop", "999999")).isEmpty();
        assertThat(source.externalIdPrefix("shop")).isEqualTo("BC-shop-");
    }

    /** Waits for the next whole second (the API's dates are to the second) and returns it. */
    private static Instant nextSecond() throws InterruptedException {
        Instant next = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Thread.sleep(Duration.between(Instant.now(), next).toMillis() + 20);
        return next;
    }
}
