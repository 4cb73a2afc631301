package io.commercebus.connector.amazon;

import java.util.List;
import java.util.Map;

/** The SP-API client of every configured Amazon store, by store id. */
public final class AmazonClients {

    private final Map<String, AmazonClient> clients;

    public AmazonClients(Map<String, AmazonClient> clients) {
        this.clients = Map.copyOf(clients);
    }

    public AmazonClient of(String store) {
        AmazonClient client = clients.get(store);
        if (client == null) {
            throw new IllegalArgumentException("No Amazon store '" + store + "' is configured; known: " + clients.keySet());
        }
        return client;
    }

    /** The ids of the Amazon stores, sorted. */
    public List<String> stores() {
        return clients.keySet().stream().sorted().toList();
    }
}
