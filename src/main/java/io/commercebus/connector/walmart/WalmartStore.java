package io.commercebus.connector.walmart;

import java.net.URI;

/** How the bus reaches one Walmart Marketplace seller: the API root and the API client's id and secret. */
public record WalmartStore(String id, URI baseUrl, String clientId, String clientSecret) {

    @Override
    public String toString() {
        return "WalmartStore[" + id + " at " + baseUrl + "]";
    }
}
