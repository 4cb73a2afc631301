package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.SandboxCatalog;
import io.commercebus.support.Json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * Invents plausible checkout orders for the demo store: one to three catalogue products by SKU, a
 * registered customer most of the time and a guest otherwise, mostly paid by card (processing), now
 * and then awaiting a bank transfer (on-hold), unpaid (pending), completed or cancelled; a coupon
 * in one order of four, gift wrapping in one of eight, and a shipping method from the store's zones.
 * Shoppers only put in their carts what the store can sell them: products in stock, at most as many
 * as there are; when nothing is left, nobody orders.
 */
final class DemoShoppers {

    /** Registered customers: WordPress user id, name, company, email, city, state, postcode. */
    private static final List<String[]> CUSTOMERS = List.of(
            new String[] {"2", "Ada", "Lovelace", "", "ada.lovelace@example.com", "Austin", "TX", "78701"},
            new String[] {"3", "Grace", "Hopper", "Hopper Naval Supply", "grace@hopper-supply.example.com", "Arlington", "VA", "22201"},
            new String[] {"4", "Alan", "Turing", "", "alan.turing@example.org", "Seattle", "WA", "98101"},
            new String[] {"5", "Katherine", "Johnson", "", "kjohnson@example.net", "Hampton", "VA", "23669"},
            new String[] {"6", "Linus", "Pauling", "Pauling Labs", "orders@pauling-labs.example.com", "Portland", "OR", "97201"},
            new String[] {"7", "Mary", "Jackson", "", "mary.jackson@example.com", "Denver", "CO", "80202"});
    private static final List<String[]> SHIPPING = List.of(
            new String[] {"flat_rate", "Flat rate", "7.50"}, new String[] {"free_shipping", "Free shipping", "0.00"},
            new String[] {"flat_rate", "UPS Ground", "11.20"}, new String[] {"local_pickup", "Local pickup", "0.00"});
    private static final List<String> USER_AGENTS = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15");

    private final Random random;
    private final ToIntFunction<String> available;
    private int guests;

    /** {@code available}: how many of a SKU a shopper may buy (0 when it cannot be bought). */
    DemoShoppers(long seed, ToIntFunction<String> available) {
        this.random = new Random(seed);
        this.available = available;
    }

    /** The next shopper's order, or null when no demo product can be bought. */
    synchronized ObjectNode nextOrder() {
        List<SandboxCatalog.Product> products = new ArrayList<>();
        for (SandboxCatalog.Product product : SandboxCatalog.PRODUCTS) {
            if (available.applyAsInt(product.sku()) > 0) {
                products.add(product);
            }
        }
        if (products.isEmpty()) {
            return null;
        }
        ObjectNode order = Json.mapper().createObjectNode();
        String[] who;
        if (random.nextInt(10) < 7) {
            who = CUSTOMERS.get(random.nextInt(CUSTOMERS.size()));
        } else {
            int n = ++guests;
            who = new String[] {"0", "Guest", "No" + n, "", "guest" + n + "." + Integer.toHexString(random.nextInt()) + "@example.com",
                    "Chicago", "IL", "60601"};
        }
        order.put("customer_id", Integer.parseInt(who[0]));
        payment(order);
        ObjectNode billing = address(order.putObject("billing"), who);
        billing.put("email", who[4]);
        billing.put("phone", "(512) 555-" + (1000 + random.nextInt(9000)));
        address(order.putObject("shipping"), who);
        order.put("customer_ip_address", "192.0.2." + (1 + random.nextInt(254)));
        order.put("customer_user_agent", USER_AGENTS.get(random.nextInt(USER_AGENTS.size())));
        if (random.nextInt(6) == 0) {
            order.put("customer_note", "Please leave the parcel with the neighbour.");
        }
        // the cart holds each product once, with its quantity
        Collections.shuffle(products, random);
        ArrayNode lines = order.putArray("line_items");
        for (SandboxCatalog.Product product : products.subList(0, Math.min(products.size(), 1 + random.nextInt(3)))) {
            int quantity = 1 + random.nextInt(3);
            lines.addObject().put("sku", product.sku()).put("quantity", Math.min(quantity, available.applyAsInt(product.sku())));
        }
        String[] shipping = SHIPPING.get(random.nextInt(SHIPPING.size()));
        order.putArray("shipping_lines").addObject().put("method_id", shipping[0]).put("method_title", shipping[1])
                .put("total", shipping[2]);
        if (random.nextInt(8) == 0) {
            // named as the NetSuite sandbox's GIFT-WRAP item expects
            order.putArray("fee_lines").addObject().put("name", "Gift wrapping").put("total", "4.95").put("tax_status", "taxable");
        }
        if (random.nextInt(4) == 0) {
            order.putArray("coupon_lines").addObject().put("code", random.nextBoolean() ? "WELCOME5" : "SAVE10");
        }
        return order;
    }

    /** Mostly card payments captured at checkout; the rest as their gateways leave them. */
    private void payment(ObjectNode order) {
        int roll = random.nextInt(20);
        if (roll < 13) {
            order.put("payment_method", "stripe").put("payment_method_title", "Credit Card (Stripe)")
                    .put("transaction_id", "pi_" + Long.toHexString(random.nextLong() & Long.MAX_VALUE)).put("set_paid", true);
            if (roll == 0) {
                order.put("status", "completed");
            }
        } else if (roll < 16) {
            order.put("payment_method", "bacs").put("payment_method_title", "Direct bank transfer").put("status", "on-hold");
        } else if (roll < 18) {
            order.put("payment_method", "paypal").put("payment_method_title", "PayPal").put("status", "pending");
        } else if (roll < 19) {
            order.put("payment_method", "cod").put("payment_method_title", "Cash on delivery").put("status", "processing");
        } else {
            order.put("payment_method", "stripe").put("payment_method_title", "Credit Card (Stripe)").put("status", "cancelled");
        }
    }

    private ObjectNode address(ObjectNode address, String[] who) {
        address.put("first_name", who[1]);
        address.put("last_name", who[2]);
        address.put("company", who[3]);
        address.put("address_1", (100 + random.nextInt(900)) + " Market Street");
        address.put("address_2", "");
        address.put("city", who[5]);
        address.put("state", who[6]);
        address.put("postcode", who[7]);
        address.put("country", "US");
        return address;
    }
}
