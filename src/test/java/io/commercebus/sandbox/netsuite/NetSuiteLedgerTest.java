package io.commercebus.sandbox.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.Sandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Journal entries on the chart of accounts, and SuiteQL's transaction and transactionline tables. */
class NetSuiteLedgerTest {

    NetSuiteSandbox sandbox;
    NetSuiteCalls calls;
    String customer;

    @BeforeEach
    void start() {
        sandbox = Sandboxes.netsuite(5, Duration.ZERO);
        calls = new NetSuiteCalls(sandbox);
        customer = calls.customer("ledger@example.com");
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void aPayoutIsABalancedJournalEntryOnTheChartOfAccounts() {
        // an Amazon settlement: 1,000.00 sales less fees lands in the bank through the clearing account
        ObjectNode payout = journal("Amazon settlement 2026-11-20",
                jl("1", "972.45", null), jl("15", "15.00", null), jl("16", "12.55", null), jl("2", null, "1000.00"));
        String id = calls.upsert("journalEntry", "PAYOUT-AMZ-1", payout, "line").createdId();
        JsonNode entry = calls.record("journalEntry", id);
        assertThat(entry.get("tranId").asText()).isEqualTo("JE" + id);
        assertThat(entry.at("/line/items")).extracting(l -> l.get("line").asInt()).containsExactly(1, 2, 3, 4);
        assertThat(entry.at("/line/items/0/debit").decimalValue()).isEqualByComparingTo("972.45");

        NetSuiteCalls.Answer unbalanced = calls.upsert("journalEntry", "PAYOUT-BAD",
                journal("off by a cent", jl("1", "100.00", null), jl("2", null, "99.99")), "line");
        assertThat(unbalanced.status()).isEqualTo(400);
        assertThat(unbalanced.errorCode()).isEqualTo("TRANS_UNBALNCD");
        assertThat(unbalanced.detail()).contains("debits (100", "credits (99.99)");
        NetSuiteCalls.Answer both = calls.upsert("journalEntry", "PAYOUT-BAD",
                journal("both", jl("1", "5", "5"), jl("2", null, "0")), "line");
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.detail()).contains("either a debit or a credit");
        NetSuiteCalls.Answer unknown = calls.upsert("journalEntry", "PAYOUT-BAD",
                journal("unknown account", jl("777", "5", null), jl("2", null, "5")), "line");
        assertThat(unknown.errorCode()).isEqualTo("INVALID_CONTENT");
        assertThat(unknown.detail()).contains("Invalid Field Value", "account");
        assertThat(calls.upsert("journalEntry", "PAYOUT-BAD", journal("no lines"), "line").detail())
                .contains("at least one line item");
        assertThat(calls.query("SELECT COUNT(*) AS n FROM transaction WHERE type = 'Journal'"))
                .containsExactly(Map.of("n", "1"));

        // the lines in SuiteQL: debit positive, credit negative, the account on the line
        assertThat(calls.query("SELECT linesequencenumber, expenseaccount, foreignamount, debitforeignamount,"
                + " creditforeignamount FROM transactionline WHERE transaction = " + id + " AND mainline = 'F'"
                + " ORDER BY linesequencenumber")).containsExactly(
                Map.of("linesequencenumber", "1", "expenseaccount", "1", "foreignamount", "972.45",
                        "debitforeignamount", "972.45"),
                Map.of("linesequencenumber", "2", "expenseaccount", "15", "foreignamount", "15",
                        "debitforeignamount", "15"),
                Map.of("linesequencenumber", "3", "expenseaccount", "16", "foreignamount", "12.55",
                        "debitforeignamount", "12.55"),
                Map.of("linesequencenumber", "4", "expenseaccount", "2", "foreignamount", "-1000",
                        "creditforeignamount", "1000"));
        assertThat(calls.query("SELECT status, foreigntotal, currency FROM transaction WHERE id = " + id))
                .containsExactly(Map.of("status", "B", "foreigntotal", "1000", "currency", "1"));
    }

    @Test
    void theChartOfAccountsAndTheShippingItemsAreListsToRead() {
        JsonNode clearing = calls.get("/services/rest/record/v1/account/2").body();
        assertThat(clearing.get("acctNumber").asText()).isEqualTo("1010");
        assertThat(clearing.get("acctName").asText()).isEqualTo("Amazon Clearing");
        assertThat(clearing.at("/acctType/id").asText()).isEqualTo("OthCurrAsset");
        assertThat(calls.get("/services/rest/record/v1/account/999").status()).isEqualTo(404);
        assertThat(calls.query("SELECT acctnumber, accountsearchdisplayname, accttype, isinactive FROM account"
                + " WHERE accttype = 'Expense' ORDER BY acctnumber")).extracting(r -> r.get("accountsearchdisplayname"))
                .containsExactly("6100 Marketplace Commissions", "6110 Fulfilment Fees", "6120 Advertising",
                        "6130 Payment Processing Fees", "6190 Other Marketplace Fees", "6900 Chargebacks");
        assertThat(calls.query("SELECT id FROM account WHERE acctnumber = '4950'")).containsExactly(Map.of("id", "13"));
        assertThat(calls.get("/services/rest/record/v1/shipItem/103").body().get("itemId").asText()).isEqualTo("UPS Ground");
    }

    @Test
    void suiteQlReadsEveryTransactionTypeByIndexedTypeExternalIdAndModificationTime() {
        Instant t0 = Instant.parse("2026-11-23T16:00:00Z");
        sandbox.setClock(Clock.fixed(t0, ZoneOffset.UTC));
        String mug = calls.itemId("MUG-11OZ");
        sandbox.setStock("MUG-11OZ", 1, BigDecimal.valueOf(10));
        ObjectNode order = calls.json.createObjectNode();
        order.putObject("entity").put("id", customer);
        order.putObject("location").put("id", "1");
        order.put("otherRefNum", "PO-77");
        order.putObject("currency").put("id", "2");
        order.putObject("item").putArray("items").addObject().put("quantity", 2).put("rate", new BigDecimal("19.90"))
                .putObject("item").put("id", mug);
        String so = calls.upsert("salesOrder", "BC-demo-1001", order, "item").createdId();
        calls.upsert("salesOrder", "BC-demo-1002", order, "item").createdId();
        calls.upsert("cashSale", "AMZ-fba-1", order, "item").createdId();

        sandbox.setClock(Clock.fixed(t0.plusSeconds(3600), ZoneOffset.UTC));
        String fulfilment = sandbox.fulfill("BC-demo-1001", Map.of("MUG-11OZ", BigDecimal.ONE), "101", List.of("9400"));

        assertThat(calls.query("SELECT id, tranid, type, status, recordtype, entity, currency, foreigntotal, otherrefnum"
                + " FROM transaction WHERE externalid LIKE 'BC-demo-%' ORDER BY id")).containsExactly(
                Map.of("id", so, "tranid", "SO" + so, "type", "SalesOrd", "status", "E", "recordtype", "salesorder",
                        "entity", customer, "currency", "2", "foreigntotal", "39.8", "otherrefnum", "PO-77"),
                Map.of("id", Long.toString(Long.parseLong(so) + 1), "tranid", "SO" + (Long.parseLong(so) + 1),
                        "type", "SalesOrd", "status", "B", "recordtype", "salesorder", "entity", customer,
                        "currency", "2", "foreigntotal", "39.8", "otherrefnum", "PO-77"));
        // statuses compare as NetSuite's codes, or their letter
        assertThat(ids("SELECT id FROM transaction WHERE status IN ('SalesOrd:B', 'SalesOrd:E')")).hasSize(2);
        assertThat(ids("SELECT id FROM transaction WHERE type = 'SalesOrd' AND status = 'E'")).containsExactly(so);
        assertThat(ids("SELECT id FROM transaction WHERE status = 'ItemShip:C'")).containsExactly(fulfilment);
        assertThat(ids("SELECT id FROM transaction WHERE type IN ('ItemShip', 'CashSale') ORDER BY id DESC")).hasSize(2);
        // LIKE on other columns scans, text or number
        assertThat(ids("SELECT id FROM transaction WHERE tranid LIKE 'SO%' AND id LIKE '" + so + "%'")).contains(so);
        // what changed in the last half hour: the order just fulfilled, and its fulfilment
        assertThat(ids("SELECT id FROM transaction WHERE lastmodifieddate >= TO_TIMESTAMP('2026-11-23 08:30:00',"
                + " 'YYYY-MM-DD HH24:MI:SS') ORDER BY id")).containsExactly(so, fulfilment);
        assertThat(calls.query("SELECT TO_CHAR(createddate, 'YYYY-MM-DD HH24:MI') AS created,"
                + " TO_CHAR(lastmodifieddate, 'YYYY-MM-DD HH24:MI') AS changed FROM transaction WHERE id = " + so))
                .containsExactly(Map.of("created", "2026-11-23 08:00", "changed", "2026-11-23 09:00"));

        // transactionline: which order a fulfilment came from, without a join; sales lines are negative
        assertThat(calls.query("SELECT createdfrom FROM transactionline WHERE transaction = " + fulfilment
                + " AND mainline = 'T'")).containsExactly(Map.of("createdfrom", so));
        assertThat(calls.query("SELECT transaction, id, linesequencenumber, mainline, item, quantity, foreignamount,"
                + " quantityshiprecv, location, isclosed FROM transactionline WHERE transaction IN (" + so + ", "
                + fulfilment + ") ORDER BY transaction, linesequencenumber")).containsExactly(
                Map.of("transaction", so, "id", "0", "linesequencenumber", "0", "mainline", "T", "foreignamount", "39.8",
                        "location", "1", "isclosed", "F"),
                Map.of("transaction", so, "id", "1", "linesequencenumber", "1", "mainline", "F", "item", mug,
                        "quantity", "-2", "foreignamount", "-39.8", "quantityshiprecv", "1", "location", "1",
                        "isclosed", "F"),
                Map.of("transaction", fulfilment, "id", "0", "linesequencenumber", "0", "mainline", "T",
                        "isclosed", "F"),
                Map.of("transaction", fulfilment, "id", "1", "linesequencenumber", "1", "mainline", "F", "item", mug,
                        "quantity", "-1", "location", "1", "isclosed", "F"));
    }

    // ---------------------------------------------------------------- helpers

    private List<String> ids(String q) {
        return calls.query(q).stream().map(r -> r.get("id")).toList();
    }

    private ObjectNode journal(String memo, ObjectNode... lines) {
        ObjectNode entry = calls.json.createObjectNode();
        entry.putObject("subsidiary").put("id", "1");
        entry.putObject("currency").put("id", "1");
        entry.put("tranDate", "2026-11-20");
        entry.put("memo", memo);
        ArrayNode items = entry.putObject("line").putArray("items");
        for (ObjectNode line : lines) {
            items.add(line);
        }
        return entry;
    }

    private ObjectNode jl(String account, String debit, String credit) {
        ObjectNode line = calls.json.createObjectNode();
        line.putObject("account").put("id", account);
        if (debit != null) {
            line.put("debit", new BigDecimal(debit));
        }
        if (credit != null) {
            line.put("credit", new BigDecimal(credit));
        }
        line.put("memo", "settlement");
        line.putObject("entity").put("id", customer);
        line.putObject("class").put("id", "3");
        return line;
    }
}
