package io.commercebus.mapping;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of a mapped transaction. {@code sku} names the item; delivery resolves it to the NetSuite
 * internal id ({@code itemId}). The amount is exact and is what counts toward the total.
 */
public class MappedLine {

    /** What the line stands for: a marketplace item, its discount, a charge, or the rounding adjustment. */
    public enum Kind { ITEM, DISCOUNT, CHARGE, ADJUSTMENT }

    private Kind kind = Kind.ITEM;
    private String sku;
    private String itemId;
    private String lineId;
    private String description;
    private BigDecimal quantity;
    private BigDecimal rate;
    private BigDecimal amount;
    private Map<String, Object> fields = new LinkedHashMap<>();

    public Kind getKind() {
        return kind;
    }

    public void setKind(Kind kind) {
        this.kind = kind;
    }

    public String getSku() {
        return sku;
    }

    public void setSku(String sku) {
        this.sku = sku;
    }

    public String getItemId() {
        return itemId;
    }

    public void setItemId(String itemId) {
        this.itemId = itemId;
    }

    /** The marketplace's id of the order line this line maps (e.g. to pass a shipment back), if the mapping names it. */
    public String getLineId() {
        return lineId;
    }

    public void setLineId(String lineId) {
        this.lineId = lineId;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public BigDecimal getQuantity() {
        return quantity;
    }

    public void setQuantity(BigDecimal quantity) {
        this.quantity = quantity;
    }

    public BigDecimal getRate() {
        return rate;
    }

    public void setRate(BigDecimal rate) {
        this.rate = rate;
    }

    public BigDecimal getAmount() {
        return amount;
    }

    public void setAmount(BigDecimal amount) {
        this.amount = amount;
    }

    public Map<String, Object> getFields() {
        return fields;
    }

    public void setFields(Map<String, Object> fields) {
        this.fields = fields;
    }
}
