package io.commercebus.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The configured stores ({@code bus.store.<id>.<setting>}), each over the defaults every store shares
 * ({@code bus.store-defaults.<setting>}). Mappings see a store's settings as {@code $store}: nested by
 * dots, keys in camelCase ({@code items.gift-wrap} → {@code items.giftWrap}), credentials left out.
 */
public final class StoreSettings {

    /** Store ids become part of NetSuite external ids: letters, digits, '_' and '-' only. */
    private static final Pattern STORE_ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final List<String> SECRET_WORDS = List.of("token", "secret", "password", "credential", "api-key",
            "private", "consumer-key");

    private final Map<String, Map<String, String>> stores = new TreeMap<>();

    public StoreSettings(Map<String, String> flat) {
        this(flat, Map.of());
    }

    /**
     * @param flat     every {@code bus.store.} key without that prefix, e.g. {@code demo.items.tax}
     * @param defaults every {@code bus.store-defaults.} key without that prefix, e.g. {@code items.tax}
     */
    public StoreSettings(Map<String, String> flat, Map<String, String> defaults) {
        flat.forEach((key, value) -> {
            int dot = key.indexOf('.');
            if (dot <= 0) {
                return;
            }
            String id = key.substring(0, dot);
            if (!STORE_ID.matcher(id).matches()) {
                throw new IllegalStateException("Store id '" + id + "' (bus.store." + key + ") may only hold letters,"
                        + " digits, '_' and '-': it becomes part of NetSuite external ids");
            }
            stores.computeIfAbsent(id, k -> new TreeMap<>(defaults)).put(key.substring(dot + 1), value);
        });
        stores.forEach((id, settings) -> {
            if (!settings.containsKey("marketplace")) {
                throw new IllegalStateException("Store " + id + " needs bus.store." + id + ".marketplace (e.g. bigcommerce)");
            }
        });
    }

    public Set<String> ids() {
        return stores.keySet();
    }

    public List<String> ofMarketplace(String marketplace) {
        return stores.entrySet().stream().filter(e -> marketplace.equals(e.getValue().get("marketplace")))
                .map(Map.Entry::getKey).toList();
    }

    public String get(String store, String setting) {
        Map<String, String> settings = stores.get(store);
        return settings == null ? null : settings.get(setting);
    }

    public String required(String store, String setting) {
        String value = get(store, setting);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Store " + store + " needs bus.store." + store + "." + setting);
        }
        return value;
    }

    /** The store as mapping expressions see it ($store). */
    public Map<String, Object> expressionView(String store) {
        Map<String, String> settings = stores.get(store);
        if (settings == null) {
            throw new IllegalArgumentException("No store '" + store + "' is configured; known: " + stores.keySet());
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", store);
        settings.forEach((key, value) -> {
            if (isSecret(key)) {
                return;
            }
            String[] path = key.split("\\.");
            Map<String, Object> node = view;
            for (int i = 0; i < path.length - 1; i++) {
                Object child = node.computeIfAbsent(camel(path[i]), k -> new LinkedHashMap<String, Object>());
                if (!(child instanceof Map)) {
                    return;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> next = (Map<String, Object>) child;
                node = next;
            }
            node.put(camel(path[path.length - 1]), value);
        });
        return view;
    }

    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return SECRET_WORDS.stream().anyMatch(k::contains);
    }

    static String camel(String kebab) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
