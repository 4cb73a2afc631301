package io.commercebus.api;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultHeaderFilterStrategy;

import java.util.Locale;
import java.util.Set;

/**
 * Which headers cross the bus's HTTP boundary. In: anything but headers posing as the bus's own
 * ({@code Camel*}, {@code CommerceBus*}), so a caller cannot steer a route. Out: only the response
 * headers the bus means to send, never the message headers a route worked with (query parameters,
 * form fields, ledger ids).
 */
public class HttpHeaderPolicy extends DefaultHeaderFilterStrategy {

    private static final Set<String> RESPONSE_HEADERS = Set.of("content-type", "location", "retry-after",
            "cache-control", "www-authenticate");

    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        return !RESPONSE_HEADERS.contains(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean applyFilterToExternalHeaders(String name, Object value, Exchange exchange) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith("camel") || lower.startsWith("commercebus") || lower.startsWith("org.apache.camel");
    }
}
