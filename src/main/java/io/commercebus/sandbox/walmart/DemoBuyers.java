package io.commercebus.sandbox.walmart;

import io.commercebus.sandbox.SandboxCatalog;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Invents plausible Walmart.com purchases from a seed: one to three catalogue products, a regular
 * buyer most of the time (with the same relay e-mail on every order, as Walmart keeps it per buyer)
 * and a new one otherwise, a shipping method and its charges, and now and then a WFS order.
 */
final class DemoBuyers {

    private static final List<String[]> REGULARS = List.of(
            new String[] {"Ada Lovelace", "Austin", "TX", "78701"},
            new String[] {"Grace Hopper", "Arlington", "VA", "22201"},
            new String[] {"Alan Turing", "Seattle", "WA", "98101"},
            new String[] {"Katherine Johnson", "Los Angeles", "CA", "90012"},
            new String[] {"Linus Pauling", "Portland", "OR", "97201"},
            new String[] {"Mary Jackson", "Denver", "CO", "80202"});
    private static final List<String> METHODS = List.of("Value", "Standard", "Standard", "Standard", "Express", "OneDay");
    private static final BigDecimal FREE_STANDARD_FROM = new BigDecimal("35.00");

    private final Random random;
    private final List<String> regularEmails = new ArrayList<>();
    private int newBuyers;

    DemoBuyers(long seed) {
        this.random = new Random(seed);
        for (int i = 0; i < REGULARS.size(); i++) {
            regularEmails.add(relayAddress());
        }
    }

    /** A purchase, fulfilled by the seller four times in five and by WFS otherwise. */
    synchronized Purchase next() {
        return next(random.nextInt(5) == 0 ? ShipNodeType.WFS_FULFILLED : ShipNodeType.SELLER_FULFILLED);
    }

    synchronized Purchase next(ShipNodeType shipNode) {
        String email;
        String[] who;
        if (random.nextInt(10) < 7) {
            int regular = random.nextInt(REGULARS.size());
            who = REGULARS.get(regular);
            email = regularEmails.get(regular);
        } else {
            who = new String[] {"Buyer No" + ++newBuyers, "Chicago", "IL", "60601"};
            email = relayAddress();
        }
        Purchase.ShipTo shipTo = new Purchase.ShipTo(who[0], (100 + random.nextInt(900)) + " Main Street",
                random.nextInt(4) == 0 ? "Apt " + (1 + random.nextInt(20)) : null, who[1], who[2], who[3],
                "512555" + (1000 + random.nextInt(9000)), "RESIDENTIAL");
        String method = METHODS.get(random.nextInt(METHODS.size()));
        List<Purchase.Item> items = new ArrayList<>();
        int lines = 1 + random.nextInt(3);
        BigDecimal merchandise = BigDecimal.ZERO;
        for (int i = 0; i < lines; i++) {
            SandboxCatalog.Product product = SandboxCatalog.PRODUCTS.get(random.nextInt(SandboxCatalog.PRODUCTS.size()));
            Purchase.Item item = Purchase.Item.of(product.sku(), random.nextInt(5) == 0 ? 2 : 1);
            items.add(item);
            merchandise = merchandise.add(item.unitPrice().multiply(BigDecimal.valueOf(item.quantity())));
        }
        shipping(items, method, merchandise);
        return new Purchase(shipNode, email, method, shipTo, items);
    }

    /** Express and OneDay cost per line; Standard is free from $35, else the first line carries it; Value is free. */
    private static void shipping(List<Purchase.Item> items, String method, BigDecimal merchandise) {
        for (int i = 0; i < items.size(); i++) {
            BigDecimal fee = switch (method) {
                case "Express" -> new BigDecimal("4.99");
                case "OneDay" -> new BigDecimal("7.99");
                case "Standard" -> i == 0 && merchandise.compareTo(FREE_STANDARD_FROM) < 0 ? new BigDecimal("5.99") : BigDecimal.ZERO;
                default -> BigDecimal.ZERO;
            };
            items.set(i, items.get(i).withShipping(fee));
        }
    }

    /** Walmart hands sellers a relay address instead of the buyer's own: 32 hex digits at relay.walmart.com. */
    private String relayAddress() {
        return String.format("%016X%016X@relay.walmart.com", random.nextLong(), random.nextLong());
    }
}
