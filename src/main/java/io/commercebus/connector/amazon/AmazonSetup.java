package io.commercebus.connector.amazon;

import io.commercebus.config.MarketplaceSetup;
import io.commercebus.config.SetupContext;
import io.commercebus.sandbox.amazon.AmazonSandbox;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Amazon seller accounts: SP-API clients; the {@code amazon} (orders, cancellations), {@code amazonListings},
 * {@code amazonShipments}, {@code amazonRefunds}, {@code amazonSettlements} and {@code amazonOrderSource}
 * beans; the demo seller's sandbox.
 */
public class AmazonSetup implements MarketplaceSetup {

    static final String MARKETPLACE = "amazon";
    private static final String SANDBOX_SELLER = "A1SANDBOXSELLER";
    /** Amazon lists orders and financial events up to two minutes before the request. */
    private static final Duration AMAZON_LISTING_DELAY = Duration.ofMinutes(2);

    @Override
    public String marketplace() {
        return MARKETPLACE;
    }

    @Override
    public void configure(SetupContext setup) {
        String sandboxStore = setup.sandboxStore(MARKETPLACE);
        AmazonSandbox sandbox = startSandbox(setup);
        var props = setup.props();
        Map<String, AmazonClient> clients = new LinkedHashMap<>();
        Map<String, AmazonStore> stores = new LinkedHashMap<>();
        for (String id : setup.stores().ofMarketplace(MARKETPLACE)) {
            if ("true".equals(setup.stores().get(id, "catalog.publish"))) {
                throw new IllegalStateException(String.format("Amazon lists products under ASINs in its own catalogue: the bus publishes stock and prices to existing listings (prices.publish, inventory.locations), not products; remove bus.store.%s.catalog.publish", id));
            }
            var s = setup.stores();
            AmazonStore store = new AmazonStore(id,
                    id.equals(sandboxStore) ? sandbox.baseUrl() : URI.create(value(s.get(id, "endpoint"),
                            "https://sellingpartnerapi-na.amazon.com")),
                    id.equals(sandboxStore) ? sandbox.tokenUrl() : URI.create(value(s.get(id, "token-url"),
                            "https://api.amazon.com/auth/o2/token")),
                    s.required(id, "client-id"), s.required(id, "client-secret"), s.required(id, "refresh-token"),
                    Arrays.stream(s.required(id, "marketplace-ids").split(",")).map(String::trim).toList(),
                    id.equals(sandboxStore) ? SANDBOX_SELLER : s.get(id, "seller-id"));
            stores.put(id, store);
            clients.put(id, new AmazonClient(store, setup.http(), setup.timeout(MARKETPLACE), setup.maxRateLimitWait(MARKETPLACE),
                    setup.clock(), id.equals(sandboxStore) ? listingDelay(setup) : AMAZON_LISTING_DELAY));
        }
        AmazonClients accounts = new AmazonClients(clients);
        setup.bind("amazonListings", new AmazonListings(clients, stores, setup.feeds(),
                props.integer("bus.amazon.listings.patch-max", 10)));
        setup.bind("amazon", new AmazonOrders(accounts, setup.watermarks(), setup.initialFrom(MARKETPLACE),
                setup.overlap(MARKETPLACE)));
        setup.bind("amazonShipments", new AmazonShipments(accounts,
                ZoneId.of(props.string("bus.netsuite.time-zone", "UTC")), setup.clock()));
        setup.bind("amazonRefunds", new AmazonRefunds(accounts, setup.watermarks(), setup.initialFrom(MARKETPLACE),
                props.duration("bus.amazon.refunds.overlap", Duration.ofHours(48))));
        setup.bind("amazonSettlements", new AmazonSettlements(accounts, setup.watermarks(), setup.initialFrom(MARKETPLACE),
                props.duration("bus.amazon.settlements.overlap", Duration.ofDays(1))));
        setup.bind("amazonOrderSource", new AmazonOrderSource(accounts));
    }

    @Override
    public AmazonSandbox startSandbox(SetupContext setup) {
        String store = setup.sandboxStore(MARKETPLACE);
        if (store == null) {
            return null;
        }
        var props = setup.props();
        var s = setup.stores();
        AmazonSandbox sandbox = new AmazonSandbox(new AmazonSandbox.Config(setup.sandboxHost(),
                props.integer("bus.sandbox.amazon.port", 8103), s.required(store, "client-id"), s.required(store, "client-secret"),
                s.required(store, "refresh-token"), SANDBOX_SELLER, s.required(store, "marketplace-ids").split(",")[0].trim(),
                null, null, listingDelay(setup),
                Double.parseDouble(props.string("bus.sandbox.amazon.orders-per-minute", "4")),
                props.integer("bus.sandbox.amazon.seed", 43), setup.stateFile("amazon.json")));
        sandbox.start();
        Duration settlements = props.duration("bus.sandbox.amazon.settlement-period", Duration.ZERO);
        if (!settlements.isZero() && !settlements.isNegative()) {
            // the demo seller is paid out every period, so that payouts reach NetSuite's books while one watches
            sandbox.startSettlements(settlements);
        }
        setup.closeOnStop().accept("Amazon sandbox", sandbox);
        setup.bind("amazonSandbox", sandbox);
        setup.whereabouts().add("Amazon     sandbox seller '" + store + "' " + sandbox.baseUrl() + " (stats: "
                + sandbox.baseUrl() + "/sandbox/stats)");
        return sandbox;
    }

    /** How far behind the clock the sandbox lists orders and financial events (Amazon's two minutes by default). */
    private static Duration listingDelay(SetupContext setup) {
        return setup.props().duration("bus.sandbox.amazon.listing-delay", AMAZON_LISTING_DELAY);
    }

    private static String value(String setting, String fallback) {
        return setting == null || setting.isBlank() ? fallback : setting;
    }

}
