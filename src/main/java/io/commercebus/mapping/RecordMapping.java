package io.commercebus.mapping;

import com.dashjoin.jsonata.Jsonata;
import io.commercebus.ledger.DeadLetterReason;
import io.commercebus.ledger.RecordSkipped;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A loaded mapping file: turns a marketplace record into a {@link MappedRecord}. When the file names
 * the marketplace's charged total, the mapped total must equal it to the cent: a difference within
 * the drift threshold becomes an adjustment line, a larger one dead-letters the record as TOTAL_DRIFT.
 */
public final class RecordMapping {

    /** NetSuite accepts letters, digits, underscore and hyphen in external ids. */
    private static final Pattern EXTERNAL_ID = Pattern.compile("[A-Za-z0-9_-]{1,255}");

    /** A rule that leaves the record out: when its expression holds, the record is SKIPPED with the reason. */
    record SkipRule(FieldExpression when, String reason) {
    }

    private final String name;
    private final String file;
    private final String recordType;
    private final boolean close;
    private final FieldExpression applies;
    private final List<SkipRule> skips;
    private final ZoneId timeZone;
    private final FieldExpression externalId;
    private final FieldExpression currency;
    private final FieldExpression chargedTotal;
    private final FieldExpression driftThreshold;
    private final FieldExpression adjustmentSku;
    private final FieldExpression origin;
    private final FieldExpression customerEmail;
    private final FieldExpression customerExternalId;
    private final FieldExpression customerGuest;
    private final Map<String, FieldExpression> customerFields;
    private final Map<String, FieldExpression> customerAddress;
    private final Map<String, FieldExpression> fields;
    private final List<LineGroup> lines;
    private final FieldExpression paymentAmount;
    private final Map<String, FieldExpression> paymentFields;
    private final Map<String, LookupTable> tables;

    RecordMapping(String name, String file, String recordType, boolean close, FieldExpression applies, List<SkipRule> skips,
                  ZoneId timeZone, FieldExpression externalId,
                  FieldExpression currency, FieldExpression chargedTotal, FieldExpression driftThreshold,
                  FieldExpression adjustmentSku, FieldExpression origin, FieldExpression customerEmail,
                  FieldExpression customerExternalId, FieldExpression customerGuest, Map<String, FieldExpression> customerFields,
                  Map<String, FieldExpression> customerAddress, Map<String, FieldExpression> fields,
                  List<LineGroup> lines, FieldExpression paymentAmount, Map<String, FieldExpression> paymentFields,
                  Map<String, LookupTable> tables) {
        this.name = name;
        this.file = file;
        this.recordType = recordType;
        this.close = close;
        this.applies = applies;
        this.skips = skips;
        this.timeZone = timeZone;
        this.externalId = externalId;
        this.currency = currency;
        this.chargedTotal = chargedTotal;
        this.driftThreshold = driftThreshold;
        this.adjustmentSku = adjustmentSku;
        this.origin = origin;
        this.customerEmail = customerEmail;
        this.customerExternalId = customerExternalId;
        this.customerGuest = customerGuest;
        this.customerFields = customerFields;
        this.customerAddress = customerAddress;
        this.fields = fields;
        this.lines = lines;
        this.paymentAmount = paymentAmount;
        this.paymentFields = paymentFields;
        this.tables = tables;
    }

    public String name() {
        return name;
    }

    public String file() {
        return file;
    }

    public String recordType() {
        return recordType;
    }

    /** Whether this mapping is the one for the record (its {@code when}; without one it always applies). */
    public boolean appliesTo(Object record, Map<String, Object> store, boolean delivered) {
        return applies == null || Boolean.TRUE.equals(applies.evaluate(record,
                new FieldExpression.Bindings(record, store, delivered, tableFunction()), new ValueType.Context(2, timeZone)));
    }

    /**
     * Maps one marketplace record.
     *
     * @param record    the record as JSON-like maps and lists
     * @param store     the store's settings, visible to expressions as {@code $store}
     * @param delivered whether the record reached NetSuite before ({@code $delivered}), e.g. to close a
     *                  Sales Order of an order cancelled after import
     * @throws MappingFailure when the record cannot be mapped (reason MAPPING_ERROR, UNMAPPED_*, TOTAL_DRIFT)
     * @throws io.commercebus.ledger.RecordSkipped when a skip rule matches
     */
    public MappedRecord apply(Object record, Map<String, Object> store, boolean delivered) {
        FieldExpression.Bindings bindings = new FieldExpression.Bindings(record, store, delivered, tableFunction());
        ValueType.Context textContext = new ValueType.Context(2, timeZone);
        for (SkipRule rule : skips) {
            if (Boolean.TRUE.equals(rule.when().evaluate(record, bindings, textContext))) {
                throw new RecordSkipped(rule.reason(), "skip rule '" + rule.when().source() + "' of " + file);
            }
        }

        MappedRecord out = new MappedRecord();
        out.setStore(String.valueOf(store.get("id")));
        out.setRecordType(recordType);
        out.setClose(close);
        String code = currency == null ? null : (String) currency.evaluate(record, bindings, textContext);
        out.setCurrency(code);
        ValueType.Context context = new ValueType.Context(moneyScale(code), timeZone);

        String id = (String) externalId.evaluate(record, bindings, context);
        if (id == null || !EXTERNAL_ID.matcher(id).matches()) {
            throw MappingFailure.error("field 'externalId' (" + file + "): '" + id
                    + "' is not a valid NetSuite external id (letters, digits, '_' and '-', at most 255)");
        }
        out.setExternalId(id);
        if (origin != null) {
            out.setOrigin(required(origin, record, bindings, context));
        }

        if (customerEmail != null) {
            CustomerDraft customer = new CustomerDraft();
            customer.setEmail((String) customerEmail.evaluate(record, bindings, context));
            if (customerExternalId != null) {
                customer.setExternalId((String) customerExternalId.evaluate(record, bindings, context));
            }
            customer.setGuest(customerGuest != null && Boolean.TRUE.equals(customerGuest.evaluate(record, bindings, context)));
            customer.setFields(evaluateAll(customerFields, record, bindings, context));
            customer.setAddress(evaluateAll(customerAddress, record, bindings, context));
            out.setCustomer(customer);
        }
        out.setFields(evaluateAll(fields, record, bindings, context));

        for (LineGroup group : lines) {
            for (Object element : elements(group, record, bindings, context)) {
                if (group.when() != null && !Boolean.TRUE.equals(group.when().evaluate(element, bindings, context))) {
                    continue;
                }
                addLines(out.getLines(), group, element, bindings, context);
            }
        }
        out.setTotal(out.computeTotal());
        if (chargedTotal != null) {
            reconcileTotal(out, (BigDecimal) chargedTotal.evaluate(record, bindings, context), record, bindings, context);
        }
        if (paymentAmount != null) {
            BigDecimal paid = (BigDecimal) paymentAmount.evaluate(record, bindings, context);
            if (paid != null && paid.signum() != 0) {
                out.setPayment(new MappedRecord.Payment(paid.abs(), evaluateAll(paymentFields, record, bindings, context)));
            }
        }
        return out;
    }

    private void addLines(List<MappedLine> out, LineGroup group, Object element, FieldExpression.Bindings bindings,
                          ValueType.Context context) {
        MappedLine line = new MappedLine();
        line.setKind(group.kind());
        line.setSku(required(group.sku(), element, bindings, context));
        if (group.lineId() != null) {
            Object lineId = group.lineId().evaluate(element, bindings, context);
            line.setLineId(lineId == null ? null : lineId.toString());
        }
        if (group.description() != null) {
            line.setDescription((String) group.description().evaluate(element, bindings, context));
        }
        BigDecimal quantity = group.quantity() == null ? null : (BigDecimal) group.quantity().evaluate(element, bindings, context);
        BigDecimal rate = group.rate() == null ? null : (BigDecimal) group.rate().evaluate(element, bindings, context);
        BigDecimal amount = group.amount() == null ? null : (BigDecimal) group.amount().evaluate(element, bindings, context);
        if (amount == null) {
            if (quantity == null || rate == null) {
                throw MappingFailure.error(group.path() + " (" + file + "): a line needs an amount, or a quantity and a rate");
            }
            amount = quantity.multiply(rate).setScale(context.moneyScale(), RoundingMode.HALF_UP);
        }
        line.setQuantity(quantity);
        line.setRate(rate);
        line.setAmount(amount);
        line.setFields(evaluateAll(group.fields(), element, bindings, context));
        out.add(line);

        if (group.discount() != null) {
            BigDecimal discount = (BigDecimal) group.discount().evaluate(element, bindings, context);
            if (discount != null && discount.signum() != 0) {
                // NetSuite applies a discount item line to the item line right above it
                MappedLine discountLine = new MappedLine();
                discountLine.setKind(MappedLine.Kind.DISCOUNT);
                discountLine.setSku(required(group.discountSku(), element, bindings, context));
                discountLine.setDescription("Discount" + (line.getDescription() == null ? "" : ": " + line.getDescription()));
                discountLine.setAmount(discount.abs().negate());
                out.add(discountLine);
            }
        }
    }

    private void reconcileTotal(MappedRecord out, BigDecimal charged, Object record, FieldExpression.Bindings bindings,
                                ValueType.Context context) {
        if (charged == null) {
            throw MappingFailure.error("field 'chargedTotal' (" + file + "): the record has no charged total");
        }
        out.setChargedTotal(charged);
        BigDecimal drift = charged.subtract(out.getTotal());
        if (drift.signum() == 0) {
            return;
        }
        BigDecimal threshold = driftThreshold == null ? BigDecimal.ZERO
                : (BigDecimal) driftThreshold.evaluate(record, bindings, context);
        if (threshold == null || drift.abs().compareTo(threshold) > 0) {
            throw new MappingFailure(DeadLetterReason.TOTAL_DRIFT, "mapped total " + out.getTotal()
                    + " differs from the charged total " + charged + " by " + drift
                    + " (threshold " + (threshold == null ? BigDecimal.ZERO : threshold) + ", " + file + ")");
        }
        MappedLine adjustment = new MappedLine();
        adjustment.setKind(MappedLine.Kind.ADJUSTMENT);
        adjustment.setSku(required(adjustmentSku, record, bindings, context));
        adjustment.setDescription("Rounding adjustment to the charged total");
        adjustment.setAmount(drift);
        out.getLines().add(adjustment);
        out.setTotal(out.computeTotal());
    }

    private static List<?> elements(LineGroup group, Object record, FieldExpression.Bindings bindings,
                                    ValueType.Context context) {
        if (group.each() == null) {
            return List.of(record);
        }
        Object value = group.each().evaluate(record, bindings, context);
        if (value == null) {
            return List.of();
        }
        return value instanceof Collection<?> c ? new ArrayList<>(c) : List.of(value);
    }

    private String required(FieldExpression expression, Object input, FieldExpression.Bindings bindings,
                            ValueType.Context context) {
        Object value = expression.evaluate(input, bindings, context);
        if (value == null || value.toString().isBlank()) {
            throw MappingFailure.error("field '" + expression.path() + "' (" + file + "): no value for '"
                    + expression.source() + "'");
        }
        return value.toString();
    }

    private static Map<String, Object> evaluateAll(Map<String, FieldExpression> expressions, Object input,
                                                   FieldExpression.Bindings bindings, ValueType.Context context) {
        Map<String, Object> out = new LinkedHashMap<>();
        expressions.forEach((field, expression) -> {
            Object value = expression.evaluate(input, bindings, context);
            if (value != null) {
                out.put(field, value);
            }
        });
        return out;
    }

    private int moneyScale(String currencyCode) {
        if (currencyCode == null) {
            return 2;
        }
        try {
            return Math.max(0, Currency.getInstance(currencyCode.trim().toUpperCase(java.util.Locale.ROOT))
                    .getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            throw new MappingFailure("UNSUPPORTED_CURRENCY", "field 'currency' (" + file + "): '" + currencyCode
                    + "' is not an ISO 4217 currency code");
        }
    }

    /** $table(name, key[, default]): the value of key in the lookup table, else default, else a dead letter. */
    private Jsonata.JFunction tableFunction() {
        return Jsonata.function("table", (Jsonata.FnVarArgs<Object>) args -> {
            if (args.size() < 2 || args.size() > 3) {
                throw MappingFailure.error("$table takes (table, key) or (table, key, default)");
            }
            String tableName = String.valueOf(args.get(0));
            LookupTable table = tables.get(tableName);
            if (table == null) {
                throw MappingFailure.error("no lookup table '" + tableName + "'");
            }
            Object key = args.get(1);
            String value = key == null ? null : table.get(ValueType.text(key));
            if (value != null) {
                return value;
            }
            if (args.size() == 3) {
                return args.get(2);
            }
            throw new MappingFailure(table.missingReason(), "no row for '" + key + "' in " + table.file()
                    + "; add one and replay the record");
        }, null);
    }
}
