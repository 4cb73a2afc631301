package io.commercebus.mapping;

import java.util.LinkedHashMap;
import java.util.Map;

/** The customer a transaction belongs to: matched by e-mail before the transaction, created when absent. */
public class CustomerDraft {

    private String email;
    private String externalId;
    private Map<String, Object> fields = new LinkedHashMap<>();

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

    public Map<String, Object> getFields() {
        return fields;
    }

    public void setFields(Map<String, Object> fields) {
        this.fields = fields;
    }
}
