package io.commercebus.connector.bigcommerce;

import io.commercebus.db.Database;
import io.commercebus.db.Transactions;
import io.commercebus.ledger.TestDatabases;
import io.commercebus.ledger.Watermarks;
import io.commercebus.ledger.camel.LedgerHeaders;
import io.commercebus.sandbox.bigcommerce.BigCommerceSandbox;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The catch-up poll: where it starts, and that it remembers where it got to. */
class BigCommerceOrdersTest {

    @TempDir
    Path dir;
    BigCommerceSandbox store;
    Database database;
    Watermarks watermarks;
    BigCommerceClient client;

    @BeforeEach
    void start() {
        store = new BigCommerceSandbox(new BigCommerceSandbox.Config("127.0.0.1", 0, "poll1", "1001", "token", 1000,
                Duration.ofSeconds(30), 0, List.of(), new BigDecimal("0.0825"), 5, null)).start();
        database = TestDatabases.h2(dir);
        watermarks = new Watermarks(new Transactions(database.dataSource()), Clock.systemUTC());
        client = new BigCommerceClient(new BigCommerceStore("shop", store.apiUrl(), "token", null),
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), Duration.ofSeconds(10),
                Duration.ofSeconds(10), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        store.close();
        database.close();
    }

    @Test
    void aStoreWithoutABackfillDateDoesNotImportItsHistory() throws Exception {
        store.placeDemoOrders(3);
        Thread.sleep(1100);
        BigCommerceOrders orders = new BigCommerceOrders(Map.of("shop", client), watermarks, Map.of(), Duration.ZERO);

        assertThat(poll(orders)).isEmpty();

        int placedLater = store.placeDemoOrders(1).get(0);
        assertThat(poll(orders)).extracting(h -> h.get(LedgerHeaders.EXTERNAL_ID)).containsExactly(Integer.toString(placedLater));
    }

    @Test
    void aBackfillDateImportsWhatChangedSinceAndTheWatermarkMovesOn() {
        List<Integer> old = store.placeDemoOrders(3);
        BigCommerceOrders orders = new BigCommerceOrders(Map.of("shop", client), watermarks,
                Map.of("shop", Instant.now().minus(Duration.ofDays(1))), Duration.ZERO);

        assertThat(poll(orders)).extracting(h -> h.get(LedgerHeaders.EXTERNAL_ID))
                .containsExactlyElementsOf(old.stream().map(String::valueOf).toList());
        assertThat(watermarks.get("bigcommerce", "shop", "orders.date_modified")).isPresent();
    }

    /** One poll as the catch-up route runs it: list the changes, then save the watermark. */
    private List<Map<String, Object>> poll(BigCommerceOrders orders) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        List<Map<String, Object>> changed = orders.changedOrders("shop", exchange);
        orders.advanceWatermark("shop", exchange.getMessage().getHeader(BigCommerceOrders.WATERMARK, String.class));
        return changed;
    }
}
