package io.commercebus.config;

import io.commercebus.catalog.PendingFeeds;
import io.commercebus.ledger.Watermarks;
import org.apache.camel.CamelContext;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What a {@link MarketplaceSetup} needs from the bus: settings, the Camel registry, shared clients and
 * stores (watermarks, pending feeds), a
 * place to say where things are, hooks to run once the bus is up and to close resources on stop.
 */
public record SetupContext(CamelContext camel, BusProperties props, StoreSettings stores, HttpClient http, Clock clock,
                           Watermarks watermarks, PendingFeeds feeds, boolean sandbox, String publicUrl, List<String> whereabouts,
                           Consumer<Runnable> afterStart, BiConsumer<String, AutoCloseable> closeOnStop) {

    public void bind(String name, Object bean) {
        camel.getRegistry().bind(name, bean);
    }

    /** A shared building block the bus bound before the marketplaces (e.g. skuXref). */
    public <T> T bean(String name, Class<T> type) {
        T bean = camel.getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("No " + type.getSimpleName() + " '" + name + "' in the registry");
        }
        return bean;
    }

    /** The sandbox store of a marketplace on the embedded defaults ({@code bus.sandbox.<marketplace>.store}), or null. */
    public String sandboxStore(String marketplace) {
        return sandbox ? props.get("bus.sandbox." + marketplace + ".store").orElse(null) : null;
    }

    /** Per store of the marketplace, where its first poll starts; the sandbox store reads everything. */
    public Map<String, Instant> initialFrom(String marketplace) {
        Map<String, Instant> out = new LinkedHashMap<>();
        for (String id : stores.ofMarketplace(marketplace)) {
            String from = stores.get(id, "catch-up.initial-from");
            if (from != null) {
                out.put(id, Instant.parse(from));
            } else if (id.equals(sandboxStore(marketplace))) {
                out.put(id, Instant.EPOCH);
            }
        }
        return out;
    }

    public Duration timeout(String marketplace) {
        return props.duration("bus." + marketplace + ".request-timeout", Duration.ofSeconds(30));
    }

    public Duration maxRateLimitWait(String marketplace) {
        return props.duration("bus." + marketplace + ".max-rate-limit-wait", Duration.ofMinutes(2));
    }

    public Duration overlap(String marketplace) {
        return props.duration("bus." + marketplace + ".catch-up.overlap", Duration.ofSeconds(5));
    }

    /** A sandbox's state file under bus.sandbox.state-dir, or null to keep it in memory. */
    public Path stateFile(String name) {
        return props.get("bus.sandbox.state-dir").map(dir -> Path.of(dir, name)).orElse(null);
    }

    public String sandboxHost() {
        return props.string("bus.sandbox.host", "127.0.0.1");
    }
}
