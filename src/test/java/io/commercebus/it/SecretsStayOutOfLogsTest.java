package io.commercebus.it;

import io.commercebus.sandbox.netsuite.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A full run, with refusals and failures, writes none of the configured credentials to the log. */
class SecretsStayOutOfLogsTest {

    @TempDir
    Path dir;

    @Test
    void noCredentialAppearsInTheLogOfAFullRun() {
        Map<String, String> settings = TestBus.settings(dir);
        settings.put("bus.netsuite.consumer-secret", "cs-7f3a9e1b2c");
        settings.put("bus.netsuite.token-secret", "ts-4d8b6a0e9f");
        settings.put("bus.netsuite.consumer-key", "ck-1a2b3c4d5e");
        settings.put("bus.netsuite.token-id", "ti-9z8y7x6w5v");
        settings.put("bus.store.demo.access-token", "at-5e6f7a8b9c");
        settings.put("bus.store.demo.webhook-secret", "ws-0c1d2e3f4a");
        List<String> secrets = List.of("cs-7f3a9e1b2c", "ts-4d8b6a0e9f", "ck-1a2b3c4d5e", "ti-9z8y7x6w5v", "at-5e6f7a8b9c",
                "ws-0c1d2e3f4a");

        String log;
        try (LogCapture capture = LogCapture.install()) {
            try (TestBus bus = TestBus.start(settings)) {
                List<Integer> ids = new ArrayList<>();
                ids.add(bus.store().placeOrder(Orders.order("log1@example.com", "Lou", 77, 1)));
                ids.add(bus.store().placeOrder(Orders.withCustomProduct(Orders.order("log2@example.com", "Lou", 77, 1),
                        "NO-SUCH-SKU", "Nothing", "1.0000")));
                bus.netsuite().addFault(Fault.next(Fault.Kind.SERVER_ERROR, 1));
                ids.add(bus.store().placeOrder(Orders.order("log3@example.com", "Lou", 78, 1)));
                bus.post("/webhooks/bigcommerce/demo", bus.webhook("store/order/created", 1, Instant.now().getEpochSecond()),
                        "X-Commerce-Bus-Secret", "wrong", "Content-Type", "application/json");
                bus.awaitSettled(ids, Duration.ofSeconds(30));
            }
            log = capture.text();
        }

        assertThat(log).contains("commerce-bus is up", "dead-lettered", "Webhook refused");
        for (String secret : secrets) {
            assertThat(log).as("the log mentions a credential").doesNotContain(secret);
        }
    }
}
