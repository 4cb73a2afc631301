package io.commercebus.sandbox.payments;

import io.commercebus.config.SetupContext;
import io.commercebus.sandbox.bigcommerce.BigCommerceSandbox;
import io.commercebus.sandbox.woocommerce.WooCommerceSandbox;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The demo payment provider on the embedded defaults: it pays out the sandbox stores named in
 * {@code bus.sandbox.payments.stores} (BigCommerce and WooCommerce ones, whose marketplaces leave payouts
 * to the store's gateway) into each store's {@code payouts.dir}, every {@code bus.sandbox.payments.period}
 * (0: only when asked, {@code payoutReports.payOut()}), for {@code fee-rate} and {@code fee-fixed} a charge.
 */
public final class PaymentProviderSetup {

    private PaymentProviderSetup() {
    }

    public static void configure(SetupContext setup) {
        var props = setup.props();
        List<String> ids = props.get("bus.sandbox.payments.stores").stream()
                .flatMap(list -> List.of(list.split(",")).stream()).map(String::trim).filter(id -> !id.isEmpty()).toList();
        if (!setup.sandbox() || ids.isEmpty()) {
            return;
        }
        HttpClient http = setup.http() != null ? setup.http() : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<PayoutReports.Store> stores = new ArrayList<>();
        for (String id : ids) {
            var s = setup.stores();
            String marketplace = s.required(id, "marketplace");
            if (!id.equals(setup.sandboxStore(marketplace))) {
                throw new IllegalStateException("bus.sandbox.payments.stores: '" + id + "' is not a sandbox store; the demo"
                        + " payment provider pays out only the sandboxes' stores");
            }
            CardPayments payments = switch (marketplace) {
                case "bigcommerce" -> new BigCommercePayments(new StoreApi(http,
                        setup.bean("bigcommerceSandbox", BigCommerceSandbox.class).apiUrl(), "X-Auth-Token",
                        s.required(id, "access-token")));
                case "woocommerce" -> new WooCommercePayments(new StoreApi(http,
                        URI.create(setup.bean("woocommerceSandbox", WooCommerceSandbox.class).baseUrl() + WooCommerceSandbox.API_PATH),
                        "Authorization", "Basic " + Base64.getEncoder().encodeToString((s.required(id, "consumer-key") + ":"
                        + s.required(id, "consumer-secret")).getBytes(StandardCharsets.UTF_8))),
                        props.string("bus.sandbox.payments.woocommerce-gateway", "stripe"));
                default -> throw new IllegalStateException("bus.sandbox.payments.stores: store '" + id + "' sells on "
                        + marketplace + ", which pays out itself; the demo payment provider pays BigCommerce and WooCommerce stores");
            };
            stores.add(new PayoutReports.Store(id, payments, java.nio.file.Path.of(s.required(id, "payouts.dir"))));
        }
        Duration period = props.duration("bus.sandbox.payments.period", Duration.ofMinutes(10));
        PayoutReports reports = new PayoutReports(stores, new PayoutReports.Fee(
                new BigDecimal(props.string("bus.sandbox.payments.fee-rate", "0.029")),
                new BigDecimal(props.string("bus.sandbox.payments.fee-fixed", "0.30"))), setup.clock(),
                setup.stateFile("payments.json"), setup.clock().instant().minus(period.isZero() ? Duration.ofDays(1) : period));
        if (!period.isZero()) {
            reports.start(period);
        }
        setup.bind("payoutReports", reports);
        setup.closeOnStop().accept("payment provider sandbox", reports);
        setup.whereabouts().add("Payments   sandbox provider paying out " + ids + (period.isZero() ? " when asked" : " every " + period)
                + " into their payouts.dir");
    }
}
