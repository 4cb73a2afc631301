package io.commercebus.sandbox.amazon;

import io.commercebus.sandbox.SandboxCatalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Invents plausible amazon.com orders for the demo seller and moves them along as Amazon would.
 * About 40% are Fulfilled by Amazon (Prime, free shipping) and 60% shipped by the seller at a
 * shipping charge; one in eight carries a promotion. Regular buyers come back under the same relay
 * address, as Amazon gives a buyer one address per seller; now and then a new buyer shares no name.
 */
final class DemoBuyers {

    private record Regular(String name, String email, String street, String city, String state, String zip) {
    }

    private static final List<Regular> REGULARS = List.of(
            new Regular("Ada Lovelace", "4kx9q2mv7ht1wzp@marketplace.amazon.com", "1200 Congress Ave", "Austin", "TX", "78701"),
            new Regular("Grace Hopper", "m3r8d0qk5vbz2yc@marketplace.amazon.com", "2100 Clarendon Blvd", "Arlington", "VA", "22201"),
            new Regular("Alan Turing", "t7w1n6xh9jq4slf@marketplace.amazon.com", "400 Pine St", "Seattle", "WA", "98101"),
            new Regular("Katherine Johnson", "b5c2k8p0zr7mgd1@marketplace.amazon.com", "88 Victoria Blvd", "Hampton", "VA", "23669"),
            new Regular("Linus Pauling", "h0y6v3l9sq2tnx8@marketplace.amazon.com", "700 SW Taylor St", "Portland", "OR", "97201"),
            new Regular("Mary Jackson", "z1f4g7u2ka9ewr5@marketplace.amazon.com", "1550 Larimer St", "Denver", "CO", "80202"));
    private static final List<String> NEW_NAMES = List.of("Jordan Lee", "Sam Rivera", "Priya Patel", "Chris Novak",
            "Taylor Brooks", "Morgan Diaz");
    /** Combined state and local sales tax at the demo addresses (Oregon has none). */
    private static final Map<String, BigDecimal> TAX_RATES = Map.of("TX", new BigDecimal("0.0825"),
            "VA", new BigDecimal("0.0530"), "WA", new BigDecimal("0.1025"), "OR", BigDecimal.ZERO,
            "CO", new BigDecimal("0.0881"), "IL", new BigDecimal("0.1025"));
    private static final List<String> AFN_LEVELS = List.of("Standard", "Expedited", "SecondDay");
    private static final List<String> MFN_LEVELS = List.of("Std US D2D Dom", "Exp US D2D Dom", "Second US D2D Dom");
    private static final BigDecimal MFN_SHIPPING = new BigDecimal("5.99");
    private static final String RELAY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final Random random;

    DemoBuyers(long seed) {
        this.random = new Random(seed);
    }

    synchronized NewOrder nextOrder() {
        boolean afn = random.nextInt(10) < 4;
        NewOrder.Buyer buyer;
        NewOrder.ShipTo shipTo;
        if (random.nextInt(10) < 7) {
            Regular who = REGULARS.get(random.nextInt(REGULARS.size()));
            buyer = new NewOrder.Buyer(who.email(), who.name());
            shipTo = new NewOrder.ShipTo(who.name(), who.street(), who.city(), who.state(), who.zip() + "-" + digits(4), phone());
        } else {
            String name = NEW_NAMES.get(random.nextInt(NEW_NAMES.size()));
            buyer = new NewOrder.Buyer(relayAddress(), random.nextInt(5) == 0 ? null : name);
            shipTo = new NewOrder.ShipTo(name, (100 + random.nextInt(900)) + " W Madison St", "Chicago", "IL",
                    "60606-" + digits(4), phone());
        }
        List<SandboxCatalog.Product> products = new ArrayList<>(SandboxCatalog.PRODUCTS);
        List<NewOrder.Line> lines = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            SandboxCatalog.Product product = products.remove(random.nextInt(products.size()));
            lines.add(NewOrder.Line.of(product.sku(), 1 + random.nextInt(2)).withShipping(afn ? BigDecimal.ZERO : MFN_SHIPPING));
        }
        if (random.nextInt(8) == 0) {
            lines.set(0, promoted(lines.get(0), !afn && random.nextBoolean()));
        }
        List<String> levels = afn ? AFN_LEVELS : MFN_LEVELS;
        return new NewOrder(afn ? "AFN" : "MFN", "Pending", buyer, shipTo, lines, levels.get(random.nextInt(levels.size())),
                TAX_RATES.get(shipTo.stateOrRegion()));
    }

    /**
     * The status a demo order moves to at a generator tick, if any: payment clears for most Pending
     * orders within a tick or two and a few are canceled; Amazon ships its own (AFN) orders, while
     * the seller's (MFN) ones wait for the seller.
     */
    synchronized Optional<String> nextStatus(String status, String channel) {
        int roll = random.nextInt(100);
        if (status.equals("Pending")) {
            return roll < 50 ? Optional.of("Unshipped") : roll < 54 ? Optional.of("Canceled") : Optional.empty();
        }
        if (status.equals("Unshipped") && channel.equals("AFN") && roll < 40) {
            return Optional.of("Shipped");
        }
        return Optional.empty();
    }

    /** Free shipping, or ten percent off the item. */
    private NewOrder.Line promoted(NewOrder.Line line, boolean freeShipping) {
        if (freeShipping) {
            return line.withFreeShipping("US Core Free Shipping Promotion " + Long.toHexString(random.nextLong()).toUpperCase());
        }
        BigDecimal tenPercent = line.unitPrice().multiply(BigDecimal.valueOf(line.quantity()))
                .movePointLeft(1).setScale(2, RoundingMode.HALF_UP);
        return line.withPromotion("PLM-" + Integer.toHexString(random.nextInt()).toUpperCase(), tenPercent);
    }

    private String relayAddress() {
        StringBuilder local = new StringBuilder();
        for (int i = 0; i < 15; i++) {
            local.append(RELAY_CHARS.charAt(random.nextInt(RELAY_CHARS.length())));
        }
        return local + "@marketplace.amazon.com";
    }

    private String phone() {
        return "+1 206-555-01" + digits(2) + " ext. " + digits(5);
    }

    private String digits(int n) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < n; i++) {
            digits.append(random.nextInt(10));
        }
        return digits.toString();
    }
}
