package io.commercebus.sandbox.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.Sandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Return authorizations, item receipts restocking, credit memos and customer refunds applying them. */
class NetSuiteReturnsTest {

    NetSuiteSandbox sandbox;
    NetSuiteCalls calls;
    String customer;
    String mug;
    String cap;

    @BeforeEach
    void start() {
        sandbox = Sandboxes.netsuite(5, Duration.ZERO);
        calls = new NetSuiteCalls(sandbox);
        customer = calls.customer("returns@example.com");
        mug = calls.itemId("MUG-11OZ");
        cap = calls.itemId("CAP-ONE");
        sandbox.setStock("MUG-11OZ", 1, BigDecimal.valueOf(20));
        sandbox.setStock("MUG-11OZ", 3, BigDecimal.valueOf(0));
        sandbox.setStock("CAP-ONE", 1, BigDecimal.valueOf(10));
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void aReturnIsReceivedBackIntoStockThenCreditedAndRefunded() {
        String so = calls.upsert("salesOrder", "SO-RET", order(line(mug, 3, "12.50"), line(cap, 1, "20.00")), "item")
                .createdId();
        sandbox.fulfill("SO-RET", null, "103", List.of("1Z1"));
        assertThat(onHand("MUG-11OZ", 1)).isEqualByComparingTo("17");

        // a return authorization of 2 mugs, upserted by external id and created from the order
        ObjectNode ra = calls.json.createObjectNode();
        ra.putObject("createdFrom").put("id", so);
        ra.put("memo", "Damaged in transit");
        ra.putObject("item").putArray("items").addObject().put("orderLine", 1).put("quantity", 2);
        String raId = calls.upsert("returnAuthorization", "RMA-1", ra, "item").createdId();
        JsonNode authorised = calls.record("returnAuthorization", raId);
        assertThat(authorised.at("/entity/id").asText()).isEqualTo(customer);
        assertThat(authorised.at("/createdFrom/refName").asText()).isEqualTo("Sales Order #SO" + so);
        assertThat(authorised.at("/status/id").asText()).isEqualTo("B");
        assertThat(authorised.at("/status/refName").asText()).isEqualTo("Pending Receipt");
        assertThat(authorised.at("/item/items")).hasSize(1);
        assertThat(authorised.at("/item/items/0/rate").decimalValue()).isEqualByComparingTo("12.50");
        assertThat(authorised.at("/item/items/0/amount").decimalValue()).isEqualByComparingTo("25.00");
        assertThat(authorised.get("total").decimalValue()).isEqualByComparingTo("25.00");
        assertThat(authorised.get("location").path("id").asText()).isEqualTo("1");
        // a return authorization moves no stock
        assertThat(onHand("MUG-11OZ", 1)).isEqualByComparingTo("17");

        // one mug arrives at the store backroom: the receipt puts it on hand there
        ObjectNode receipt = calls.json.createObjectNode();
        receipt.putObject("item").putArray("items").addObject().put("orderLine", 1).put("quantity", 1)
                .putObject("location").put("id", "3");
        String ir = calls.send("POST", "/services/rest/record/v1/returnAuthorization/" + raId
                + "/!transform/itemReceipt", receipt).createdId();
        assertThat(onHand("MUG-11OZ", 3)).isEqualByComparingTo("1");
        JsonNode received = calls.record("itemReceipt", ir);
        assertThat(received.at("/createdFrom/id").asText()).isEqualTo(raId);
        assertThat(received.at("/item/items/0/itemReceive").asBoolean()).isTrue();
        JsonNode partly = calls.record("returnAuthorization", raId);
        assertThat(partly.at("/item/items/0/quantityReceived").asInt()).isEqualTo(1);
        assertThat(partly.at("/status/refName").asText()).isEqualTo("Pending Refund/Partially Received");

        // receiving more than was authorised is refused; the second mug arrives at the main warehouse
        NetSuiteCalls.Answer tooMany = calls.send("POST", "/services/rest/record/v1/returnAuthorization/" + raId
                + "/!transform/itemReceipt", Map.of("item", Map.of("items", List.of(Map.of("orderLine", 1, "quantity", 2)))));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.detail()).contains("more than is left of line 1");
        ObjectNode rest = calls.json.createObjectNode();
        rest.putObject("createdFrom").put("id", raId);
        calls.upsert("itemReceipt", "IR-2", rest, null).createdId();
        assertThat(onHand("MUG-11OZ", 1)).isEqualByComparingTo("18");
        assertThat(calls.record("returnAuthorization", raId).at("/status/refName").asText()).isEqualTo("Pending Refund");

        // credited by the transform: the credit memo takes the return's lines and restocks nothing itself
        String cm = calls.send("POST", "/services/rest/record/v1/returnAuthorization/" + raId
                + "/!transform/creditMemo", Map.of("externalId", "CM-RMA-1")).createdId();
        JsonNode memo = calls.record("creditMemo", cm);
        assertThat(memo.get("total").decimalValue()).isEqualByComparingTo("25.00");
        assertThat(memo.get("amountRemaining").decimalValue()).isEqualByComparingTo("25.00");
        assertThat(memo.at("/status/refName").asText()).isEqualTo("Open");
        assertThat(onHand("MUG-11OZ", 1)).isEqualByComparingTo("18");
        assertThat(calls.record("returnAuthorization", raId).at("/status/refName").asText()).isEqualTo("Refunded");
        NetSuiteCalls.Answer again = calls.send("POST", "/services/rest/record/v1/returnAuthorization/" + raId
                + "/!transform/creditMemo", Map.of());
        assertThat(again.status()).isEqualTo(400);

        // refunded in two parts; more than is left is refused
        String first = calls.upsert("customerRefund", "CR-1", refund(cm, "10.00"), "apply").createdId();
        JsonNode afterFirst = calls.record("creditMemo", cm);
        assertThat(afterFirst.get("amountRemaining").decimalValue()).isEqualByComparingTo("15.00");
        assertThat(afterFirst.get("applied").decimalValue()).isEqualByComparingTo("10.00");
        NetSuiteCalls.Answer over = calls.upsert("customerRefund", "CR-2", refund(cm, "15.01"), "apply");
        assertThat(over.status()).isEqualTo(400);
        assertThat(over.detail()).contains("more than is left of credit memo");
        calls.upsert("customerRefund", "CR-2", refund(cm, "15.00"), "apply").createdId();
        JsonNode applied = calls.record("creditMemo", cm);
        assertThat(applied.get("amountRemaining").decimalValue()).isZero();
        assertThat(applied.at("/status/id").asText()).isEqualTo("B");
        assertThat(applied.at("/status/refName").asText()).isEqualTo("Fully Applied");
        JsonNode refund = calls.record("customerRefund", first);
        assertThat(refund.get("total").decimalValue()).isEqualByComparingTo("10.00");
        assertThat(refund.at("/apply/items/0/doc/refName").asText()).isEqualTo("Credit Memo #CM" + cm);
        assertThat(refund.at("/customer/id").asText()).isEqualTo(customer);

        // the same refund upserted again with a smaller amount gives back what it took
        calls.upsert("customerRefund", "CR-1", refund(cm, "4.00"), "apply").createdId();
        assertThat(calls.record("creditMemo", cm).get("amountRemaining").decimalValue()).isEqualByComparingTo("6.00");
        assertThat(calls.record("creditMemo", cm).at("/status/id").asText()).isEqualTo("A");

        // SuiteQL: the chain by type codes, statuses and the line's created-from link
        assertThat(calls.query("SELECT type, status FROM transaction WHERE id IN (" + raId + ", " + ir + ", " + cm + ", "
                + first + ") ORDER BY id")).containsExactly(Map.of("type", "RtnAuth", "status", "G"),
                Map.of("type", "ItemRcpt"), Map.of("type", "CustCred", "status", "A"), Map.of("type", "CustRfnd"));
        assertThat(calls.query("SELECT foreigntotal, foreignpaymentamountused, foreignpaymentamountunused FROM transaction"
                + " WHERE externalid = 'CM-RMA-1'")).containsExactly(Map.of("foreigntotal", "25",
                "foreignpaymentamountused", "19", "foreignpaymentamountunused", "6"));
        assertThat(calls.query("SELECT transaction, item, quantity, location, createdfrom FROM transactionline"
                + " WHERE transaction = " + ir + " AND mainline = 'F'")).containsExactly(Map.of("transaction", ir,
                "item", mug, "quantity", "1", "location", "3", "createdfrom", raId));
    }

    @Test
    void aStandaloneCreditMemoRestocksAndACreditMemoIsOnlyMadeFromAReturn() {
        ObjectNode memo = calls.json.createObjectNode();
        memo.putObject("entity").put("id", customer);
        memo.putObject("location").put("id", "1");
        memo.put("memo", "Refund without return");
        memo.put("otherRefNum", "AMZ-114-7");
        memo.putObject("account").put("id", "6");
        ArrayNode items = memo.putObject("item").putArray("items");
        items.add(line(cap, 2, "20.00"));
        items.add(line(mug, 1, "12.505"));
        String cm = calls.upsert("creditMemo", "CM-FREE", memo, "item").createdId();
        assertThat(onHand("CAP-ONE", 1)).isEqualByComparingTo("12");
        assertThat(onHand("MUG-11OZ", 1)).isEqualByComparingTo("21");
        // exact amounts, as for the other transactions
        assertThat(calls.record("creditMemo", cm).get("total").decimalValue()).isEqualByComparingTo("52.505");

        // saved again with fewer lines: the restock is recomputed, not added
        ObjectNode less = memo.deepCopy();
        ((ArrayNode) less.at("/item/items")).remove(1);
        calls.upsert("creditMemo", "CM-FREE", less, "item").createdId();
        assertThat(onHand("CAP-ONE", 1)).isEqualByComparingTo("12");
        assertThat(onHand("MUG-11OZ", 1)).isEqualByComparingTo("20");

        String so = calls.upsert("salesOrder", "SO-X", order(line(cap, 1, "20.00")), "item").createdId();
        ObjectNode fromOrder = memo.deepCopy();
        fromOrder.putObject("createdFrom").put("id", so);
        NetSuiteCalls.Answer refused = calls.upsert("creditMemo", "CM-SO", fromOrder, "item");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.detail()).contains("createdFrom");
        assertThat(calls.send("POST", "/services/rest/record/v1/salesOrder/" + so + "/!transform/creditMemo", Map.of())
                .errorCode()).isEqualTo("INVALID_RCRD_TRANSFRM");
        ObjectNode badAccount = memo.deepCopy();
        badAccount.putObject("account").put("id", "999");
        assertThat(calls.upsert("creditMemo", "CM-BAD", badAccount, "item").detail()).contains("account");
    }

    @Test
    void aRefundAppliesOnlyItsCustomersCreditMemosAndNeedsAnAccountOrPaymentMethod() {
        ObjectNode memo = calls.json.createObjectNode();
        memo.putObject("entity").put("id", customer);
        memo.putObject("item").putArray("items").add(line(cap, 1, "20.00"));
        String cm = calls.upsert("creditMemo", "CM-A", memo, "item").createdId();

        String stranger = calls.customer("someone.else@example.com");
        ObjectNode wrongCustomer = refund(cm, "5.00");
        wrongCustomer.putObject("customer").put("id", stranger);
        assertThat(calls.upsert("customerRefund", "CR-X", wrongCustomer, "apply").detail()).contains("doc");

        ObjectNode noAccount = refund(cm, "5.00");
        noAccount.remove("account");
        assertThat(calls.upsert("customerRefund", "CR-Y", noAccount, "apply").detail()).contains("Account");
        noAccount.putObject("paymentMethod").put("id", "7");
        calls.upsert("customerRefund", "CR-Y", noAccount, "apply").createdId();

        ObjectNode none = refund(cm, "5.00");
        ((ObjectNode) none.at("/apply/items/0")).put("apply", false);
        assertThat(calls.upsert("customerRefund", "CR-Z", none, "apply").detail())
                .contains("at least one line item");
        // without an amount the refund applies what is left
        ObjectNode all = refund(cm, "1.00");
        ((ObjectNode) all.at("/apply/items/0")).remove("amount");
        String id = calls.upsert("customerRefund", "CR-ALL", all, "apply").createdId();
        assertThat(calls.record("customerRefund", id).get("total").decimalValue()).isEqualByComparingTo("15.00");
        assertThat(calls.record("creditMemo", cm).at("/status/refName").asText()).isEqualTo("Fully Applied");
    }

    @Test
    void aReturnMayCarryChargesItsOrderLacksButNoStockItemOfItsOwn() {
        String tax = charge("SALES-TAX");
        String shipping = charge("SHIPPING");
        ObjectNode taxLine = calls.json.createObjectNode();
        taxLine.putObject("item").put("id", tax);
        taxLine.put("amount", new BigDecimal("3.09"));
        String so = calls.upsert("salesOrder", "SO-CHG", order(line(mug, 3, "12.50"), taxLine), "item").createdId();

        // refunded shipping, which the order carries in its header, and the tax: two charges, one of the order
        ObjectNode ra = calls.json.createObjectNode();
        ra.putObject("createdFrom").put("id", so);
        ArrayNode items = ra.putObject("item").putArray("items");
        items.addObject().put("amount", new BigDecimal("4.50")).putObject("item").put("id", shipping);
        items.addObject().put("amount", new BigDecimal("0.37")).putObject("item").put("id", tax);
        String raId = calls.upsert("returnAuthorization", "RMA-CHG-1", ra, "item").createdId();
        JsonNode first = calls.record("returnAuthorization", raId);
        assertThat(first.at("/item/items")).hasSize(2);
        assertThat(first.at("/item/items/0/orderLine").isMissingNode()).isTrue();
        assertThat(first.at("/item/items/0/quantity").decimalValue()).isEqualByComparingTo("1");
        assertThat(first.at("/item/items/1/orderLine").asInt()).isEqualTo(2);
        assertThat(first.get("total").decimalValue()).isEqualByComparingTo("4.87");

        // a second return of the same order: its tax line has nothing left, so the tax is a charge of its own
        ObjectNode second = calls.json.createObjectNode();
        second.putObject("createdFrom").put("id", so);
        ArrayNode more = second.putObject("item").putArray("items");
        more.addObject().put("quantity", 1).putObject("item").put("id", mug);
        more.addObject().put("amount", new BigDecimal("1.03")).putObject("item").put("id", tax);
        String secondId = calls.upsert("returnAuthorization", "RMA-CHG-2", second, "item").createdId();
        assertThat(calls.record("returnAuthorization", secondId).get("total").decimalValue()).isEqualByComparingTo("13.53");

        // the credit memo takes every line of its return, the charges with their own amounts
        String cm = calls.send("POST", "/services/rest/record/v1/returnAuthorization/" + raId + "/!transform/creditMemo",
                Map.of("externalId", "CM-CHG-1")).createdId();
        assertThat(calls.record("creditMemo", cm).get("total").decimalValue()).isEqualByComparingTo("4.87");

        // a stock item is only returned from an order line that has it
        ObjectNode stranger = calls.json.createObjectNode();
        stranger.putObject("createdFrom").put("id", so);
        stranger.putObject("item").putArray("items").addObject().put("quantity", 1).putObject("item").put("id", cap);
        assertThat(calls.upsert("returnAuthorization", "RMA-CHG-3", stranger, "item").status()).isEqualTo(400);
        // a charge needs an amount or a rate
        ObjectNode unpriced = calls.json.createObjectNode();
        unpriced.putObject("createdFrom").put("id", so);
        unpriced.putObject("item").putArray("items").addObject().putObject("item").put("id", shipping);
        assertThat(calls.upsert("returnAuthorization", "RMA-CHG-4", unpriced, "item").detail()).contains("Amount");
    }

    // ---------------------------------------------------------------- helpers

    private ObjectNode refund(String creditMemo, String amount) {
        ObjectNode refund = calls.json.createObjectNode();
        refund.putObject("customer").put("id", customer);
        refund.putObject("account").put("id", "1");
        refund.putObject("currency").put("id", "1");
        refund.put("memo", "Marketplace refund");
        refund.putObject("apply").putArray("items").addObject().put("apply", true).put("amount", new BigDecimal(amount))
                .putObject("doc").put("id", creditMemo);
        return refund;
    }

    private ObjectNode order(ObjectNode... lines) {
        ObjectNode order = calls.json.createObjectNode();
        order.putObject("entity").put("id", customer);
        order.putObject("location").put("id", "1");
        ArrayNode items = order.putObject("item").putArray("items");
        for (ObjectNode line : lines) {
            items.add(line);
        }
        return order;
    }

    private ObjectNode line(String item, int quantity, String rate) {
        ObjectNode line = calls.json.createObjectNode();
        line.putObject("item").put("id", item);
        line.put("quantity", quantity);
        line.put("rate", new BigDecimal(rate));
        return line;
    }

    private String charge(String itemName) {
        return sandbox.records("otherChargeSaleItem").stream().filter(i -> itemName.equals(i.path("itemId").asText()))
                .findFirst().orElseThrow().get("id").asText();
    }

    private BigDecimal onHand(String item, int location) {
        return sandbox.stock(item).stream().filter(l -> l.location() == location).findFirst().orElseThrow()
                .quantityOnHand();
    }
}
