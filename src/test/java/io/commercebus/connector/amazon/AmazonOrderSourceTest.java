package io.commercebus.connector.amazon;

import io.commercebus.reconciliation.MarketplaceOrder;
import io.commercebus.sandbox.amazon.AmazonSandbox;
import io.commercebus.sandbox.amazon.NewOrder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Amazon's orders as reconciliation reads them, from the SP-API sandbox over HTTP. */
class AmazonOrderSourceTest {

    static final String STORE = "amz";
    static AmazonSandbox amazon;
    static AmazonOrderSource source;

    @BeforeAll
    static void start() {
        amazon = new AmazonSandbox(new AmazonSandbox.Config("127.0.0.1", 0, "client", "secret", "refresh", "A1SELLER",
                "ATVPDKIKX0DER", null, null, Duration.ZERO, 0, 5, null)).start();
        AmazonStore store = new AmazonStore(STORE, amazon.baseUrl(), amazon.tokenUrl(), "client", "secret", "refresh",
                List.of("ATVPDKIKX0DER"), null);
        source = new AmazonOrderSource(new AmazonClients(Map.of(STORE, new AmazonClient(store, HttpClient.newHttpClient(),
                Duration.ofSeconds(10), Duration.ofSeconds(30), Clock.systemUTC(), Duration.ZERO))));
    }

    @AfterAll
    static void stop() {
        amazon.close();
    }

    static String order(String channel, String... statuses) {
        String id = amazon.placeOrder(amazon.demoOrder().withChannel(channel).withStatus(statuses[0])
                .withLines(List.of(NewOrder.Line.of("MUG-11OZ", 2))));
        for (int i = 1; i < statuses.length; i++) {
            amazon.advance(id, statuses[i]);
        }
        return id;
    }

    @Test
    void theOrdersPlacedInThePeriodEveryPageWithWhatTheBuyerPaidAndWhetherTheBusSendsThem() {
        // placed before the period
        List<String> earlier = amazon.seedShippedOrders(3, Instant.now().minus(Duration.ofMinutes(30)), 1);
        Instant from = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
        String pending = order("MFN", "Pending");
        String unshipped = order("MFN", "Unshipped");
        String cancelled = order("MFN", "Pending", "Canceled");
        String shipped = order("MFN", "Unshipped", "Shipped");
        String fbaUnshipped = order("AFN", "Unshipped");
        String fbaShipped = order("AFN", "Unshipped", "Shipped");
        // more than a page of getOrders (100)
        List<String> many = amazon.placeDemoOrders(110);

        List<MarketplaceOrder> orders = source.ordersCreated(STORE, from, Instant.now().plusSeconds(60));

        Map<String, MarketplaceOrder> byId = orders.stream().collect(Collectors.toMap(MarketplaceOrder::id, Function.identity()));
        assertThat(orders).hasSizeGreaterThanOrEqualTo(116).doesNotHaveDuplicates();
        assertThat(byId).containsKeys(many.toArray(String[]::new)).containsKeys(pending, unshipped, cancelled, shipped, fbaUnshipped,
                fbaShipped).doesNotContainKeys(earlier.toArray(String[]::new));
        assertThat(byId.get(pending).expectedInNetSuite()).isFalse();
        assertThat(byId.get(cancelled).expectedInNetSuite()).isFalse();
        assertThat(byId.get(unshipped).expectedInNetSuite()).isTrue();
        assertThat(byId.get(shipped).expectedInNetSuite()).isTrue();
        assertThat(byId.get(fbaUnshipped).expectedInNetSuite()).isFalse();
        assertThat(byId.get(fbaShipped).expectedInNetSuite()).isTrue();

        MarketplaceOrder paid = byId.get(unshipped);
        assertThat(paid.status()).isEqualTo("Unshipped");
        assertThat(paid.currency()).isEqualTo("USD");
        assertThat(paid.total()).isEqualByComparingTo(new BigDecimal(amazon.order(unshipped).at("/OrderTotal/Amount").asText()));
        assertThat(paid.createdAt()).isEqualTo(Instant.parse(amazon.order(unshipped).get("PurchaseDate").asText()));
        assertThat(byId.get(pending).total()).isEqualByComparingTo("0");
    }

    @Test
    void oneOrderByIdAndTheExternalIdsOfTheStoresTransactions() {
        String id = order("AFN", "Unshipped", "Shipped");

        assertThat(source.order(STORE, id)).map(MarketplaceOrder::expectedInNetSuite).contains(true);
        assertThat(source.order(STORE, "111-0000000-0000000")).isEmpty();
        assertThat(source.externalIdPrefix(STORE)).isEqualTo("AMZ-amz-");
        assertThat(source.marketplace()).isEqualTo("amazon");
    }

    @Test
    void aPeriodReachingIntoTheLastMomentsStopsWhereAmazonListsOrders() {
        Instant placed = Instant.now();
        String id = order("MFN", "Unshipped");
        AmazonStore store = new AmazonStore(STORE, amazon.baseUrl(), amazon.tokenUrl(), "client", "secret", "refresh",
                List.of("ATVPDKIKX0DER"), null);
        // a seller whose orders Amazon lists two minutes late, as it does
        AmazonClient late = new AmazonClient(store, HttpClient.newHttpClient(), Duration.ofSeconds(10), Duration.ofSeconds(30),
                Clock.systemUTC(), Duration.ofMinutes(2));

        assertThat(late.ordersCreated(placed.minus(Duration.ofMinutes(1)), Instant.now().plusSeconds(60))).isEmpty();
        assertThat(late.ordersCreated(placed.minus(Duration.ofMinutes(10)), Instant.now().plusSeconds(60)))
                .noneMatch(o -> o.get("AmazonOrderId").asText().equals(id));
    }
}
