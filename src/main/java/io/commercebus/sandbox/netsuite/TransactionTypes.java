package io.commercebus.sandbox.netsuite;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The transaction record types the account knows: REST record type, SuiteQL {@code type} code, the
 * prefix of a generated {@code tranId}, and the statuses NetSuite gives each (the letter after
 * {@code SalesOrd:} in {@code SalesOrd:B}, and its name). Types without statuses have none.
 */
final class TransactionTypes {

    /** One transaction type. */
    record Type(String recordType, String code, String tranIdPrefix, Map<String, String> statuses) {

        String statusName(String letter) {
            return statuses.get(letter);
        }
    }

    static final Map<String, Type> BY_RECORD_TYPE = new LinkedHashMap<>();

    static {
        add("salesOrder", "SalesOrd", "SO", statuses("A", "Pending Approval", "B", "Pending Fulfillment", "C", "Cancelled",
                "D", "Partially Fulfilled", "E", "Pending Billing/Partially Fulfilled", "F", "Pending Billing",
                "G", "Billed", "H", "Closed"));
        add("cashSale", "CashSale", "CS", statuses("A", "Unapproved Payment", "B", "Not Deposited", "C", "Deposited"));
        add("inventoryAdjustment", "InvAdjst", "ADJ", Map.of());
        add("itemFulfillment", "ItemShip", "IF", statuses("A", "Picked", "B", "Packed", "C", "Shipped"));
        add("returnAuthorization", "RtnAuth", "RMA", statuses("A", "Pending Approval", "B", "Pending Receipt",
                "C", "Cancelled", "D", "Partially Received", "E", "Pending Refund/Partially Received",
                "F", "Pending Refund", "G", "Refunded", "H", "Closed"));
        add("itemReceipt", "ItemRcpt", "IR", Map.of());
        add("creditMemo", "CustCred", "CM", statuses("A", "Open", "B", "Fully Applied", "V", "Voided"));
        add("customerRefund", "CustRfnd", "CR", Map.of());
        add("journalEntry", "Journal", "JE", statuses("A", "Pending Approval", "B", "Approved for Posting"));
    }

    private TransactionTypes() {
    }

    static Type of(String recordType) {
        return BY_RECORD_TYPE.get(recordType);
    }

    /** {@code {"id": "B", "refName": "Pending Fulfillment"}}, as REST shows a status. */
    static ObjectNode status(String recordType, String letter) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("id", letter);
        out.put("refName", of(recordType).statusName(letter));
        return out;
    }

    private static void add(String recordType, String code, String prefix, Map<String, String> statuses) {
        BY_RECORD_TYPE.put(recordType, new Type(recordType, code, prefix, statuses));
    }

    private static Map<String, String> statuses(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }
}
