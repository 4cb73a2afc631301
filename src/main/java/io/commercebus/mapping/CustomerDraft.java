package io.commercebus.mapping;

import java.util.LinkedHashMap;
import java.util.Map;

/** The customer a transaction belongs to: matched by e-mail before the transaction, created when absent. */
public class CustomerDraft {

    private String email;
    private String externalId;
    private boolean guest;
    private Map<String, Object> fields = new LinkedHashMap<>();
    private Map<String, Object> address = new LinkedHashMap<>();

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public String getExternalId() {
        return externalId;
    }

    public void setExternalId(String externalId) {
        this.externalId = externalId;
    }

    /** A guest checkout (no marketplace account): the store's guest policy decides the NetSuite customer. */
    public boolean isGuest() {
        return guest;
    }

    public void setGuest(boolean guest) {
        this.guest = guest;
    }

    /** The address to keep in the customer's address book (addressee, addr1, addr2, city, state, zip, country, addrPhone). */
    public Map<String, Object> getAddress() {
        return address;
    }

    public void setAddress(Map<String, Object> address) {
        this.address = address;
    }

    public Map<String, Object> getFields() {
        return fields;
    }

    public void setFields(Map<String, Object> fields) {
        this.fields = fields;
    }
}
