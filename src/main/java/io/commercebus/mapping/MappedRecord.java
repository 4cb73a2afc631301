package io.commercebus.mapping;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A NetSuite record produced by a mapping file, before delivery: body fields, lines by SKU and the
 * customer to match. Stored in the ledger as JSON between the map and deliver stages.
 */
public class MappedRecord {

    /** Body fields NetSuite adds to the sum of the lines to make the transaction total. */
    public static final List<String> HEADER_CHARGES = List.of("shippingCost", "handlingCost");

    /** Money that went back to the customer: a Customer Refund of this amount, with these body fields. */
    public record Payment(BigDecimal amount, Map<String, Object> fields) {
    }

    private String store;
    private boolean close;
    private String origin;
    private Payment payment;
    private String recordType;
    private String externalId;
    private String currency;
    private CustomerDraft customer;
    private Map<String, Object> fields = new LinkedHashMap<>();
    private List<MappedLine> lines = new ArrayList<>();
    private BigDecimal total;
    private BigDecimal chargedTotal;

    /** The total NetSuite will compute: the lines plus the header charges. */
    public BigDecimal computeTotal() {
        BigDecimal sum = BigDecimal.ZERO;
        for (MappedLine line : lines) {
            if (line.getAmount() != null) {
                sum = sum.add(line.getAmount());
            }
        }
        for (String charge : HEADER_CHARGES) {
            if (fields.get(charge) instanceof BigDecimal amount) {
                sum = sum.add(amount);
            }
        }
        return sum;
    }

    /** The store the marketplace record came from. */
    public String getStore() {
        return store;
    }

    public void setStore(String store) {
        this.store = store;
    }

    /** Not a new version of the transaction: close the one delivered before (e.g. the order was cancelled). */
    public boolean isClose() {
        return close;
    }

    public void setClose(boolean close) {
        this.close = close;
    }

    /**
     * The marketplace order this record follows from (a refund's order): it is written against that
     * order's NetSuite transaction, and waits (HELD) until the order is there.
     */
    public String getOrigin() {
        return origin;
    }

    public void setOrigin(String origin) {
        this.origin = origin;
    }

    public Payment getPayment() {
        return payment;
    }

    public void setPayment(Payment payment) {
        this.payment = payment;
    }

    public String getRecordType() {
        return recordType;
    }

    public void setRecordType(String recordType) {
        this.recordType = recordType;
    }

    public String getExternalId() {
        return externalId;
    }

    public void setExternalId(String externalId) {
        this.externalId = externalId;
    }

    public String getCurrency() {
        return currency;
    }

    public void setCurrency(String currency) {
        this.currency = currency;
    }

    public CustomerDraft getCustomer() {
        return customer;
    }

    public void setCustomer(CustomerDraft customer) {
        this.customer = customer;
    }

    public Map<String, Object> getFields() {
        return fields;
    }

    public void setFields(Map<String, Object> fields) {
        this.fields = fields;
    }

    public List<MappedLine> getLines() {
        return lines;
    }

    public void setLines(List<MappedLine> lines) {
        this.lines = lines;
    }

    public BigDecimal getTotal() {
        return total;
    }

    public void setTotal(BigDecimal total) {
        this.total = total;
    }

    public BigDecimal getChargedTotal() {
        return chargedTotal;
    }

    public void setChargedTotal(BigDecimal chargedTotal) {
        this.chargedTotal = chargedTotal;
    }
}
