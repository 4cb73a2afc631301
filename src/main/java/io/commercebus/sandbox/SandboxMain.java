package io.commercebus.sandbox;

import io.commercebus.config.BusProperties;
import io.commercebus.sandbox.bigcommerce.BigCommerceSandbox;
import io.commercebus.sandbox.netsuite.NetSuiteSandbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the sandboxes on their own, without the bus, e.g. for a bus started elsewhere or another
 * client under test. Same settings as the embedded defaults (application-dev.properties), each
 * overridable by a system property or environment variable:
 * {@code mvn -q compile exec:exec -Dbus.main=io.commercebus.sandbox.SandboxMain}.
 */
public final class SandboxMain {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxMain.class);

    public static void main(String[] args) throws Exception {
        Properties settings = new Properties();
        load(settings, "application.properties");
        load(settings, "application-dev.properties");
        settings.putAll(System.getProperties());
        java.util.function.Function<String, String> get = key -> {
            String env = System.getenv(BusProperties.environmentName(key));
            return env != null ? env : settings.getProperty(key);
        };
        String host = get.apply("bus.sandbox.host");
        NetSuiteSandbox netsuite = new NetSuiteSandbox(new NetSuiteSandbox.Config(host,
                Integer.parseInt(get.apply("bus.sandbox.netsuite.port")), get.apply("bus.netsuite.account-id"),
                get.apply("bus.netsuite.consumer-key"), get.apply("bus.netsuite.consumer-secret"),
                get.apply("bus.netsuite.token-id"), get.apply("bus.netsuite.token-secret"),
                Integer.parseInt(get.apply("bus.sandbox.netsuite.concurrency-limit")),
                Duration.ofMillis(Long.parseLong(get.apply("bus.sandbox.netsuite.latency").replace("ms", "").trim())),
                Duration.ofSeconds(90), Path.of(get.apply("bus.sandbox.state-dir"), "netsuite.json"))).start();
        BigCommerceSandbox store = new BigCommerceSandbox(new BigCommerceSandbox.Config(host,
                Integer.parseInt(get.apply("bus.sandbox.bigcommerce.port")), get.apply("bus.sandbox.bigcommerce.store-hash"),
                "1001", get.apply("bus.store.demo.access-token"), 450, Duration.ofSeconds(30),
                Double.parseDouble(get.apply("bus.sandbox.bigcommerce.orders-per-minute")),
                List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8)),
                new BigDecimal("0.0825"), 42, Path.of(get.apply("bus.sandbox.state-dir"), "bigcommerce.json"))).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            store.close();
            netsuite.close();
            stopped.countDown();
        }));
        LOG.info("Sandboxes running; Ctrl-C stops them. NetSuite {}, BigCommerce {}", netsuite.baseUrl(), store.apiUrl());
        stopped.await();
    }

    private static void load(Properties settings, String resource) throws IOException {
        try (InputStream in = SandboxMain.class.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                settings.load(in);
            }
        }
    }

    private SandboxMain() {
    }
}
