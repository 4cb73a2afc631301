package io.commercebus.it;

import io.commercebus.ledger.RecordKey;
import io.commercebus.sandbox.netsuite.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full run of every marketplace, with refusals, failures and API calls with and without the login,
 * writes none of the configured credentials to the log: those given as settings, the login's password
 * and the NetSuite token secret read from files named by BUS_..._FILE, and the database password.
 */
class SecretsStayOutOfLogsTest {

    @TempDir
    Path dir;

    @Test
    void noCredentialAppearsInTheLogOfAFullRun() throws IOException {
        Map<String, String> settings = TestBus.settings(dir);
        settings.put("bus.netsuite.consumer-secret", "cs-7f3a9e1b2c");
        // mounted secrets, as Docker and Kubernetes provide them
        Map<String, String> environment = Map.of(
                "BUS_NETSUITE_TOKEN_SECRET_FILE", Files.writeString(dir.resolve("ns_token_secret"), "ts-4d8b6a0e9f\n").toString(),
                "BUS_SECURITY_PASSWORD_FILE", Files.writeString(dir.resolve("bus_password"), "pw-2f9c4e7a1d\n").toString());
        settings.put("bus.db.password", "db-8a1c3e5b7d");
        settings.put("bus.netsuite.consumer-key", "ck-1a2b3c4d5e");
        settings.put("bus.netsuite.token-id", "ti-9z8y7x6w5v");
        settings.put("bus.store.demo.access-token", "at-5e6f7a8b9c");
        settings.put("bus.store.demo.webhook-secret", "ws-0c1d2e3f4a");
        settings.put("bus.store.woo-demo.consumer-key", "ck_wc-2b4d6f8a0c");
        settings.put("bus.store.woo-demo.consumer-secret", "cs_wc-1a3c5e7b9d");
        settings.put("bus.store.woo-demo.webhook-secret", "wh-wc-6e5d4c3b2a");
        settings.put("bus.store.amazon-demo.client-secret", "lwa-cs-8h7g6f5e");
        settings.put("bus.store.amazon-demo.refresh-token", "Atzr|rt-3k4l5m6n");
        settings.put("bus.store.walmart-demo.client-secret", "wm-cs-9q8r7s6t");
        List<String> secrets = List.of("cs-7f3a9e1b2c", "ts-4d8b6a0e9f", "ck-1a2b3c4d5e", "ti-9z8y7x6w5v", "at-5e6f7a8b9c",
                "ws-0c1d2e3f4a", "ck_wc-2b4d6f8a0c", "cs_wc-1a3c5e7b9d", "wh-wc-6e5d4c3b2a", "lwa-cs-8h7g6f5e", "rt-3k4l5m6n",
                "wm-cs-9q8r7s6t", "pw-2f9c4e7a1d", "db-8a1c3e5b7d", "guess-6b3d9f");

        String log;
        try (LogCapture capture = LogCapture.install()) {
            try (TestBus bus = TestBus.start(settings, environment)) {
                List<Integer> ids = new ArrayList<>();
                ids.add(bus.store().placeOrder(Orders.order("log1@example.com", "Lou", 77, 1)));
                ids.add(bus.store().placeOrder(Orders.withCustomProduct(Orders.order("log2@example.com", "Lou", 77, 1),
                        "NO-SUCH-SKU", "Nothing", "1.0000")));
                bus.netsuite().addFault(Fault.next(Fault.Kind.SERVER_ERROR, 1));
                ids.add(bus.store().placeOrder(Orders.order("log3@example.com", "Lou", 78, 1)));
                int woo = bus.woocommerce().placeOrder(bus.woocommerce().demoOrderBody().put("status", "processing"));
                bus.post("/webhooks/woocommerce/woo-demo", "{\"id\":1}", "X-WC-Webhook-Topic", "order.created",
                        "X-WC-Webhook-Signature", "forged", "Content-Type", "application/json");
                bus.post("/webhooks/bigcommerce/demo", bus.webhook("store/order/created", 1, Instant.now().getEpochSecond()),
                        "X-Commerce-Bus-Secret", "wrong", "Content-Type", "application/json");
                bus.awaitSettled(ids, Duration.ofSeconds(30));
                bus.awaitSettledKeys(List.of(new RecordKey("woocommerce", "woo-demo", "order", Integer.toString(woo))),
                        Duration.ofSeconds(30));
                // the password came from its file: it opens the API, a guess does not
                String login = TestBus.basic("admin", "pw-2f9c4e7a1d");
                assertThat(bus.get("/api/records?state=DEAD", "Authorization", login).statusCode()).isEqualTo(200);
                assertThat(bus.get("/api/records/abc", "Authorization", login).statusCode()).isEqualTo(400);
                assertThat(bus.get("/api/status", "Authorization", TestBus.basic("admin", "guess-6b3d9f")).statusCode())
                        .isEqualTo(401);
            }
            log = capture.text();
        }

        assertThat(log).contains("commerce-bus is up", "dead-lettered", "Webhook refused");
        for (String secret : secrets) {
            assertThat(log).as("the log mentions a credential").doesNotContain(secret);
        }
    }
}
