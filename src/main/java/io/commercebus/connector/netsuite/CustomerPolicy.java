package io.commercebus.connector.netsuite;

import java.util.Locale;
import java.util.function.BiFunction;

/**
 * How one store's orders find their NetSuite customer ({@code bus.store.<id>.customer.*}).
 *
 * @param scope       {@code account}: one customer per e-mail across all stores of the account;
 *                    {@code store}: one per store and e-mail (matched by the external id the bus gave it)
 * @param matchByEmail in account scope, find existing customers by e-mail ({@code customer.match=email},
 *                    the default, which also finds customers created outside the bus) or only by the
 *                    mapping's customer external id ({@code customer.match=external-id})
 * @param sharedGuest true: every guest order of the store goes to one customer ({@code customer.guests=shared},
 *                    e.g. "Amazon Sales"); false: a guest is a customer per e-mail like anyone else
 * @param sharedName  the shared guest customer's name
 * @param addressBook whether order addresses are added to the customer's address book
 */
public record CustomerPolicy(Scope scope, boolean matchByEmail, boolean sharedGuest, String sharedName,
                             boolean addressBook) {

    /** Which customers a store shares with the account's other stores. */
    public enum Scope { ACCOUNT, STORE }

    /** Reads a store's policy from its settings (setting name → value, null when absent). */
    public static CustomerPolicy of(String store, BiFunction<String, String, String> settings) {
        String scope = value(settings.apply(store, "customer.scope"), "account");
        String guests = value(settings.apply(store, "customer.guests"), "per-email");
        String match = value(settings.apply(store, "customer.match"), "email");
        if (!match.equals("email") && !match.equals("external-id")) {
            throw new IllegalStateException("bus.store." + store + ".customer.match must be email or external-id, was " + match);
        }
        if (!scope.equals("account") && !scope.equals("store")) {
            throw new IllegalStateException("bus.store." + store + ".customer.scope must be account or store, was " + scope);
        }
        if (!guests.equals("per-email") && !guests.equals("shared")) {
            throw new IllegalStateException("bus.store." + store + ".customer.guests must be per-email or shared, was " + guests);
        }
        return new CustomerPolicy(Scope.valueOf(scope.toUpperCase(Locale.ROOT)), match.equals("email"), guests.equals("shared"),
                value(settings.apply(store, "customer.shared-name"), "Guests of " + store),
                !"false".equals(settings.apply(store, "customer.address-book")));
    }

    private static String value(String setting, String fallback) {
        return setting == null || setting.isBlank() ? fallback : setting.trim();
    }
}
