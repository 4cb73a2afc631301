package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.SandboxCatalog;
import io.commercebus.support.Json;

import java.util.List;
import java.util.Random;

/**
 * Invents plausible {@code POST /v2/orders} bodies for the demo store: one to three catalogue
 * products, a regular customer most of the time and a new one otherwise, now and then a coupon,
 * and a shipping method from the store's list.
 */
final class DemoShoppers {

    private static final List<String[]> REGULARS = List.of(
            new String[] {"Ada", "Lovelace", "", "ada.lovelace@example.com", "Austin", "TX", "78701"},
            new String[] {"Grace", "Hopper", "Hopper Naval Supply", "grace@hopper-supply.example.com", "Arlington", "VA", "22201"},
            new String[] {"Alan", "Turing", "", "alan.turing@example.org", "Seattle", "WA", "98101"},
            new String[] {"Katherine", "Johnson", "", "kjohnson@example.net", "Hampton", "VA", "23669"},
            new String[] {"Linus", "Pauling", "Pauling Labs", "orders@pauling-labs.example.com", "Portland", "OR", "97201"},
            new String[] {"Mary", "Jackson", "", "mary.jackson@example.com", "Denver", "CO", "80202"});
    private static final List<String[]> SHIPPING = List.of(
            new String[] {"Flat Rate", "7.5000"}, new String[] {"Free Shipping", "0.0000"},
            new String[] {"UPS Ground", "11.2000"}, new String[] {"FedEx 2Day", "19.9000"});

    private final Random random;
    private int newShoppers;

    DemoShoppers(long seed) {
        this.random = new Random(seed);
    }

    synchronized ObjectNode nextOrder() {
        ObjectNode post = Json.mapper().createObjectNode();
        String[] who;
        if (random.nextInt(10) < 7) {
            who = REGULARS.get(random.nextInt(REGULARS.size()));
            post.put("customer_id", 20 + REGULARS.indexOf(who));
        } else {
            int n = ++newShoppers;
            who = new String[] {"Shopper", "No" + n, "", "shopper" + n + "." + Integer.toHexString(random.nextInt()) + "@example.com",
                    "Chicago", "IL", "60601"};
            post.put("customer_id", 0);
        }
        ObjectNode billing = post.putObject("billing_address");
        billing.put("first_name", who[0]);
        billing.put("last_name", who[1]);
        billing.put("company", who[2]);
        // regulars live where they lived last time; new shoppers anywhere
        int house = post.path("customer_id").asInt() != 0 ? 100 + REGULARS.indexOf(who) : 100 + random.nextInt(900);
        billing.put("street_1", house + " Market Street");
        billing.put("city", who[4]);
        billing.put("state", who[5]);
        billing.put("zip", who[6]);
        billing.put("country", "United States");
        billing.put("country_iso2", "US");
        billing.put("phone", "512555" + (1000 + random.nextInt(9000)));
        billing.put("email", who[3]);
        ArrayNode products = post.putArray("products");
        int lines = 1 + random.nextInt(3);
        for (int i = 0; i < lines; i++) {
            SandboxCatalog.Product product = SandboxCatalog.PRODUCTS.get(random.nextInt(SandboxCatalog.PRODUCTS.size()));
            products.addObject().put("product_id", product.id()).put("quantity", 1 + random.nextInt(3));
        }
        String[] shipping = SHIPPING.get(random.nextInt(SHIPPING.size()));
        post.put("shipping_method", shipping[0]);
        post.put("shipping_cost_ex_tax", shipping[1]);
        if (random.nextInt(4) == 0) {
            post.put("coupon_discount", random.nextBoolean() ? "5.0000" : "2.5000");
            post.put("coupon_code", "WELCOME");
        }
        return post;
    }
}
