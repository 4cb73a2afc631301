package io.commercebus.connector.netsuite;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.commercebus.ledger.PermanentFailure;
import io.commercebus.mapping.CustomerDraft;
import io.commercebus.mapping.MappedRecord;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sequence-aware delivery, step one: the transaction's customer must exist before the transaction.
 * Finds the customer by e-mail (cached), creates it when absent, and sets the transaction's entity.
 * Creation is an upsert by an external id derived from the e-mail, so two orders of a new customer
 * delivered at once, or a retry after a crash, still make one customer.
 */
public class CustomerMatcher {

    public static final String MISSING_EMAIL = "CUSTOMER_EMAIL_MISSING";

    private final NetSuiteClient netsuite;
    private final Cache<String, String> idsByEmail;

    public CustomerMatcher(NetSuiteClient netsuite, Duration cacheTtl) {
        this.netsuite = netsuite;
        this.idsByEmail = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(200_000).build();
    }

    public MappedRecord matchOrCreate(MappedRecord record) {
        CustomerDraft customer = record.getCustomer();
        if (customer == null) {
            return record;
        }
        String email = customer.getEmail() == null ? "" : customer.getEmail().trim().toLowerCase(Locale.ROOT);
        if (email.isEmpty()) {
            throw new PermanentFailure(MISSING_EMAIL, "the " + record.getRecordType() + " " + record.getExternalId()
                    + " has no customer e-mail to match a NetSuite customer by");
        }
        String id = idsByEmail.getIfPresent(email);
        if (id == null) {
            id = find(email);
            if (id == null) {
                id = create(email, customer);
            }
            idsByEmail.put(email, id);
        }
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("id", id);
        record.getFields().put("entity", entity);
        return record;
    }

    private String find(String email) {
        List<Map<String, String>> rows = netsuite.query("SELECT id FROM customer WHERE LOWER(email) = "
                + NetSuiteClient.literal(email) + " ORDER BY id");
        // several customers may share an e-mail in NetSuite; the oldest is the one orders attach to
        return rows.isEmpty() ? null : rows.get(0).get("id");
    }

    private String create(String email, CustomerDraft customer) {
        String externalId = customer.getExternalId() != null ? customer.getExternalId() : externalIdFor(email);
        Map<String, Object> body = new LinkedHashMap<>(customer.getFields());
        body.put("externalId", externalId);
        body.putIfAbsent("email", email);
        return netsuite.upsert("customer", externalId, body, null);
    }

    /** NetSuite external ids allow letters, digits, '_' and '-': an e-mail is hashed into one. */
    static String externalIdFor(String email) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(email.getBytes(StandardCharsets.UTF_8));
            return "CUST-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
