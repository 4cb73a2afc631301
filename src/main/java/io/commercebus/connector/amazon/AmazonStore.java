package io.commercebus.connector.amazon;

import java.net.URI;
import java.util.List;

/**
 * How the bus reaches one Amazon seller account in one region: the SP-API endpoint (e.g.
 * {@code https://sellingpartnerapi-na.amazon.com}), Login with Amazon (the token URL and the app's
 * client id and secret, plus the seller's refresh token), the marketplaces to read orders from and
 * list in, and the seller id (merchant token) listings are addressed by, null when the store lists nothing.
 */
public record AmazonStore(String id, URI endpoint, URI tokenUrl, String clientId, String clientSecret, String refreshToken,
                          List<String> marketplaceIds, String sellerId) {

    @Override
    public String toString() {
        return "AmazonStore[" + id + " at " + endpoint + ", marketplaces " + marketplaceIds + "]";
    }
}
