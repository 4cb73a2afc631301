package io.commercebus.connector.woocommerce;

import java.net.URI;

/**
 * How the bus reaches one WooCommerce store: the site URL (the REST API is under
 * {@code /wp-json/wc/v3}), a REST API key pair, and the secret its webhooks are signed with.
 */
public record WooCommerceStore(String id, URI siteUrl, String consumerKey, String consumerSecret, String webhookSecret) {

    @Override
    public String toString() {
        return "WooCommerceStore[" + id + " at " + siteUrl + "]";
    }
}
