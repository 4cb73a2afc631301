package io.commercebus.sandbox.netsuite;

import java.util.List;
import java.util.Random;

/**
 * The account's shipping items (REST {@code shipItem}), the ids the stores' ship-method lookups
 * map to (101–106), each with its carrier; and tracking numbers as those carriers write them.
 * An item fulfillment's {@code shipCarrier} follows NetSuite's two values: {@code ups} for UPS and
 * {@code nonups} ("FedEx/USPS/More") for every other carrier.
 */
final class ShipMethods {

    /** A shipping item; carrier null for one without a carrier (local pickup). */
    record ShipMethod(int id, String name, String carrier) {

        boolean ups() {
            return "UPS".equals(carrier);
        }
    }

    static final List<ShipMethod> METHODS = List.of(
            new ShipMethod(101, "Free Shipping", "USPS"),
            new ShipMethod(102, "Standard Shipping", "USPS"),
            new ShipMethod(103, "UPS Ground", "UPS"),
            new ShipMethod(104, "UPS Next Day Air", "UPS"),
            new ShipMethod(105, "FedEx 2Day", "FedEx"),
            new ShipMethod(106, "Local Pickup", null));

    private static final String ALPHANUMERIC = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    private ShipMethods() {
    }

    static ShipMethod find(String id) {
        try {
            int n = Integer.parseInt(id);
            return METHODS.stream().filter(m -> m.id() == n).findFirst().orElse(null);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A tracking number as the carrier formats it: UPS {@code 1Z} + shipper + service + package
     * (18 characters), FedEx 12 digits, USPS 22 digits starting 9400 (9405 for Priority Mail); null
     * for a method without a carrier.
     */
    static String trackingNumber(ShipMethod method, Random random) {
        if (method.carrier() == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        switch (method.carrier()) {
            case "UPS" -> {
                out.append("1Z");
                for (int i = 0; i < 6; i++) {
                    out.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
                }
                out.append(method.id() == 104 ? "01" : "03");
                digits(out, 8, random);
            }
            case "FedEx" -> digits(out, 12, random);
            default -> {
                out.append(method.id() == 102 ? "9405" : "9400");
                digits(out, 18, random);
            }
        }
        return out.toString();
    }

    private static void digits(StringBuilder out, int count, Random random) {
        for (int i = 0; i < count; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
    }
}
