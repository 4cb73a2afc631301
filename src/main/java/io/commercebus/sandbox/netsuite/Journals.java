package io.commercebus.sandbox.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.function.Predicate;

/**
 * A journal entry as NetSuite accepts it: at least one line, every line on an account of the chart
 * with a debit or a credit (not both, neither negative), the debits equal to the credits to the cent
 * (TRANS_UNBALNCD otherwise), a line's entity a customer and its class one of the account's classes.
 */
final class Journals {

    private Journals() {
    }

    /**
     * @param customerExists whether an internal id is a customer's
     * @throws RecordStore.Rejection as NetSuite refuses the entry
     */
    static void check(ObjectNode entry, Catalog catalog, Predicate<String> customerExists) {
        JsonNode lines = entry.path("line").path("items");
        if (lines.isEmpty()) {
            throw new RecordStore.Rejection(400, "USER_ERROR", "You must enter at least one line item for this"
                    + " transaction.", "line");
        }
        if (entry.hasNonNull("currency") && catalog.currency(id(entry.get("currency"))) == null) {
            throw Catalog.invalidValue(entry.get("currency"), "currency");
        }
        BigDecimal debits = BigDecimal.ZERO;
        BigDecimal credits = BigDecimal.ZERO;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = lines.get(i);
            String path = "line.items[" + i + "]";
            if (!line.hasNonNull("account")) {
                throw new RecordStore.Rejection(400, "USER_ERROR", "Please enter value(s) for: Account", path + ".account");
            }
            if (ChartOfAccounts.find(line.get("account").path("id").asText(null)) == null) {
                throw Catalog.invalidValue(line.get("account"), path + ".account");
            }
            BigDecimal debit = amount(line, "debit", path);
            BigDecimal credit = amount(line, "credit", path);
            if (debit.signum() > 0 && credit.signum() > 0) {
                throw new RecordStore.Rejection(400, "USER_ERROR", "A journal line has either a debit or a credit,"
                        + " not both (line " + (i + 1) + ").", path);
            }
            if (debit.signum() == 0 && credit.signum() == 0) {
                throw new RecordStore.Rejection(400, "USER_ERROR", "Please enter value(s) for: Debit or Credit (line "
                        + (i + 1) + ").", path);
            }
            if (line.hasNonNull("entity") && !customerExists.test(line.get("entity").path("id").asText(""))) {
                throw Catalog.invalidValue(line.get("entity"), path + ".entity");
            }
            if (line.hasNonNull("class") && catalog.classification(id(line.get("class"))) == null) {
                throw Catalog.invalidValue(line.get("class"), path + ".class");
            }
            debits = debits.add(debit);
            credits = credits.add(credit);
        }
        if (debits.compareTo(credits) != 0) {
            throw new RecordStore.Rejection(400, "TRANS_UNBALNCD", "The transaction is not in balance: the debits ("
                    + debits.toPlainString() + ") must equal the credits (" + credits.toPlainString() + ").", "line");
        }
    }

    private static BigDecimal amount(JsonNode line, String field, String path) {
        JsonNode v = line.get(field);
        if (v == null || v.isNull()) {
            return BigDecimal.ZERO;
        }
        if (!v.isNumber() || v.decimalValue().signum() < 0) {
            throw Catalog.invalidValue(v, path + "." + field);
        }
        return v.decimalValue();
    }

    private static int id(JsonNode ref) {
        try {
            return Integer.parseInt(ref.path("id").asText(""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
