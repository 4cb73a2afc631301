package io.commercebus.connector.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.commercebus.ledger.PermanentFailure;
import io.commercebus.mapping.CustomerDraft;
import io.commercebus.mapping.MappedRecord;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Sequence-aware delivery, step one: the transaction's customer must exist before the transaction.
 * Finds the customer (by e-mail or by the external id the bus gave it, per the store's
 * {@link CustomerPolicy}; cached), creates it when absent, keeps the order's address in its address
 * book without duplicates, and sets the transaction's entity. Creation is an upsert by an external
 * id derived from the e-mail, so two orders of a new customer delivered at once, or a retry after a
 * crash, still make one customer.
 */
public class CustomerMatcher {

    public static final String MISSING_EMAIL = "CUSTOMER_EMAIL_MISSING";
    /** The customer e-mail is not an address (NetSuite refuses the customer): dead-lettered before any request. */
    public static final String INVALID_EMAIL = "CUSTOMER_EMAIL_INVALID";
    /** One '@', a dotted domain, no spaces, controls, quotes or brackets: what NetSuite's e-mail field takes. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}<>()\\[\\],;:\"]{1,64}@[^@\\s\\p{Cntrl}<>()\\[\\],;:\"'`]{1,189}"
            + "\\.[^@\\s\\p{Cntrl}<>()\\[\\],;:\"'`.]{2,63}");

    private final NetSuiteClient netsuite;
    private final Function<String, CustomerPolicy> policies;
    private final Cache<String, String> ids;
    /** Per customer id, the addresses its address book holds (normalised). */
    private final Cache<String, Set<String>> addresses;
    /** Striped locks: one customer's lookup, creation and address book are changed by one thread at a time. */
    private final Object[] locks = new Object[256];

    public CustomerMatcher(NetSuiteClient netsuite, Duration cacheTtl, Function<String, CustomerPolicy> policies) {
        this.netsuite = netsuite;
        this.policies = policies;
        this.ids = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(200_000).build();
        this.addresses = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(200_000).build();
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    private Object lock(String key) {
        return locks[Math.floorMod(key.hashCode(), locks.length)];
    }

    public MappedRecord matchOrCreate(MappedRecord record) {
        CustomerDraft customer = record.getCustomer();
        if (customer == null) {
            return record;
        }
        CustomerPolicy policy = policies.apply(record.getStore());
        String id = customer.isGuest() && policy.sharedGuest()
                ? sharedGuest(record.getStore(), policy, customer)
                : individual(record, customer, policy);
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("id", id);
        record.getFields().put("entity", entity);
        return record;
    }

    private String individual(MappedRecord record, CustomerDraft customer, CustomerPolicy policy) {
        String email = customer.getEmail() == null ? "" : customer.getEmail().trim().toLowerCase(Locale.ROOT);
        if (email.isEmpty() && customer.getExternalId() == null) {
            throw new PermanentFailure(MISSING_EMAIL, "the " + record.getRecordType() + " " + record.getExternalId()
                    + " has no customer e-mail to match a NetSuite customer by");
        }
        if (!email.isEmpty() && !EMAIL.matcher(email).matches()) {
            throw new PermanentFailure(INVALID_EMAIL, "the " + record.getRecordType() + " " + record.getExternalId()
                    + " has the customer e-mail '" + email + "', which is not an e-mail address NetSuite accepts; correct"
                    + " it in the store and replay");
        }
        boolean storeScope = policy.scope() == CustomerPolicy.Scope.STORE;
        String externalId = customer.getExternalId() != null ? customer.getExternalId()
                : externalIdFor(storeScope ? record.getStore() + "|" + email : email, storeScope ? record.getStore() : null);
        boolean byEmail = !storeScope && policy.matchByEmail() && !email.isEmpty();
        String key = byEmail ? "email|" + email : "eid|" + externalId;
        String id = ids.getIfPresent(key);
        if (id == null) {
            // two orders of a new customer at once: the second waits and finds what the first created
            synchronized (lock(key)) {
                id = ids.getIfPresent(key);
                if (id == null) {
                    id = byEmail ? findByEmail(email) : findByExternalId(externalId);
                    if (id == null) {
                        id = create(externalId, email, customer);
                    }
                    ids.put(key, id);
                }
            }
        }
        if (policy.addressBook()) {
            keepAddress(id, customer.getAddress());
        }
        return id;
    }

    /** The one customer all guest orders of a store go to (e.g. "Amazon Sales"), with no personal data. */
    private String sharedGuest(String store, CustomerPolicy policy, CustomerDraft customer) {
        String externalId = "GUEST-" + store;
        return ids.get("eid|" + externalId, key -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("externalId", externalId);
            body.put("companyName", policy.sharedName());
            body.put("isPerson", false);
            if (customer.getFields().get("subsidiary") != null) {
                body.put("subsidiary", customer.getFields().get("subsidiary"));
            }
            return netsuite.upsert("customer", externalId, body, null);
        });
    }

    private String findByEmail(String email) {
        List<Map<String, String>> rows = netsuite.query("SELECT id FROM customer WHERE LOWER(email) = "
                + NetSuiteClient.literal(email) + " ORDER BY id");
        // several customers may share an e-mail in NetSuite; the oldest is the one orders attach to
        return rows.isEmpty() ? null : rows.get(0).get("id");
    }

    private String findByExternalId(String externalId) {
        List<Map<String, String>> rows = netsuite.query("SELECT id FROM customer WHERE externalid = "
                + NetSuiteClient.literal(externalId));
        return rows.isEmpty() ? null : rows.get(0).get("id");
    }

    private String create(String externalId, String email, CustomerDraft customer) {
        Map<String, Object> body = new LinkedHashMap<>(customer.getFields());
        body.put("externalId", externalId);
        if (!email.isEmpty()) {
            body.putIfAbsent("email", email);
        }
        Map<String, Object> address = customer.getAddress();
        if (!address.isEmpty()) {
            body.put("addressBook", Map.of("items", List.of(addressBookLine(address, true))));
        }
        String id = netsuite.upsert("customer", externalId, body, null);
        if (!address.isEmpty()) {
            addresses.put(id, ConcurrentHashMap.newKeySet());
            addresses.getIfPresent(id).add(fingerprint(address));
        }
        return id;
    }

    /** Adds the address to the customer's address book unless it holds it already. */
    private void keepAddress(String id, Map<String, Object> address) {
        if (address.isEmpty()) {
            return;
        }
        String fingerprint = fingerprint(address);
        synchronized (lock(id)) {
            Set<String> known = addresses.get(id, this::addressesInNetSuite);
            if (known.add(fingerprint)) {
                netsuite.patch("customer", id, Map.of("addressBook", Map.of("items", List.of(addressBookLine(address, false)))), null);
            }
        }
    }

    private Set<String> addressesInNetSuite(String id) {
        Set<String> known = ConcurrentHashMap.newKeySet();
        JsonNode customer = netsuite.get("customer", id).orElse(null);
        if (customer != null) {
            for (JsonNode line : customer.path("addressBook").path("items")) {
                JsonNode a = line.path("addressBookAddress");
                Map<String, Object> address = new LinkedHashMap<>();
                for (String field : List.of("addr1", "addr2", "city", "zip")) {
                    address.put(field, a.path(field).asText(""));
                }
                address.put("country", a.path("country").isObject() ? a.path("country").path("id").asText("")
                        : a.path("country").asText(""));
                known.add(fingerprint(address));
            }
        }
        return known;
    }

    private static Map<String, Object> addressBookLine(Map<String, Object> address, boolean defaults) {
        Map<String, Object> fields = new LinkedHashMap<>(address);
        if (fields.get("country") != null) {
            fields.put("country", Map.of("id", fields.get("country").toString().toUpperCase(Locale.ROOT)));
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("defaultBilling", defaults);
        line.put("defaultShipping", defaults);
        line.put("label", String.valueOf(address.getOrDefault("addr1", "Address")));
        line.put("addressBookAddress", fields);
        return line;
    }

    /** Street, city, postcode and country, case and spacing ignored: the same place written twice. */
    static String fingerprint(Map<String, Object> address) {
        List<String> parts = new ArrayList<>();
        for (String field : List.of("addr1", "addr2", "city", "zip", "country")) {
            Object value = address.get(field);
            parts.add(value == null ? "" : value.toString().trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT));
        }
        return String.join("|", parts);
    }

    /** NetSuite external ids allow letters, digits, '_' and '-': an e-mail is hashed into one. */
    static String externalIdFor(String email, String store) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(email.getBytes(StandardCharsets.UTF_8));
            return "CUST-" + (store == null ? "" : store + "-") + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
