package io.commercebus.connector.bigcommerce;

import java.net.URI;

/**
 * How the bus reaches one BigCommerce store: its API root ({@code https://api.bigcommerce.com/stores/{hash}}),
 * an API account's access token, and the shared secret its webhooks must carry.
 */
public record BigCommerceStore(String id, URI apiUrl, String accessToken, String webhookSecret) {

    /** The store hash, the last segment of the API root. */
    public String storeHash() {
        String path = apiUrl.getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return "BigCommerceStore[" + id + " at " + apiUrl + "]";
    }
}
