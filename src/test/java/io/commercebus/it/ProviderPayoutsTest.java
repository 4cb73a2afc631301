package io.commercebus.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.ledger.LedgerQuery;
import io.commercebus.ledger.RecordKey;
import io.commercebus.ledger.RecordState;
import io.commercebus.payout.Payout;
import io.commercebus.payout.ProviderPayoutReport;
import io.commercebus.sandbox.payments.PayoutReports;
import io.commercebus.support.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Payment providers' payouts of BigCommerce and WooCommerce stores: an itemized payout report left in a
 * store's payouts folder becomes one balanced journal entry (its deposit on the bank, fees on their
 * expense, charges and refunds on the channel's clearing account), and is moved out of the way; one that
 * cannot be read is set aside with a note naming the line, and nothing of it is posted. The demo payment
 * provider writes such reports of the sandbox stores' real card payments.
 */
class ProviderPayoutsTest {

    static final String HEADER = String.join(",", PayoutReports.COLUMNS);

    @TempDir
    static Path dir;
    static TestBus bus;

    @BeforeAll
    static void start() {
        bus = TestBus.start(TestBus.settings(dir));
    }

    @AfterAll
    static void stop() {
        bus.close();
    }

    @Test
    void aPayoutReportBecomesOneBalancedJournalEntryAndMovesToProcessed() throws IOException {
        Path folder = dir.resolve("payouts/woo-demo");
        String report = HEADER + "\n"
                + "txn_1,2026-11-28 10:00:00,2026-11-30 00:00:00,usd,120.00,3.78,116.22,charge,ch_1,Order 501,po_woo1,2026-11-30 00:00:00,501\n"
                + "txn_2,2026-11-28 11:00:00,2026-11-30 00:00:00,usd,45.50,1.62,43.88,charge,ch_2,Order 502,po_woo1,2026-11-30 00:00:00,502\n"
                + "txn_3,2026-11-29 09:00:00,2026-11-30 00:00:00,usd,-20.00,0.00,-20.00,refund,re_3,Refund of order 501,po_woo1,2026-11-30 00:00:00,501\n"
                + "txn_4,2026-11-30 00:00:00,2026-11-30 00:00:00,usd,-140.10,0.00,-140.10,payout,po_woo1,STRIPE PAYOUT,po_woo1,2026-11-30 00:00:00,\n";
        drop(folder, "payout-20261130.csv", report);

        RecordKey key = new RecordKey("woocommerce", "woo-demo", "payout", "po_woo1");
        bus.awaitState(key, RecordState.DELIVERED);
        JsonNode entry = bus.netsuite().recordByExternalId("journalEntry", "PAYOUT-woocommerce-woo-demo-po_woo1");
        List<JsonNode> lines = StreamSupport.stream(entry.get("line").get("items").spliterator(), false).toList();
        assertThat(sum(lines, "debit")).isEqualByComparingTo(sum(lines, "credit"));
        // the deposit on 1000 Operating Bank, charges less refunds on 1013 WooCommerce clearing, fees on 6130
        assertThat(amount(lines, "1", "debit")).isEqualByComparingTo("140.10");
        assertThat(amount(lines, "5", "credit")).isEqualByComparingTo("165.50");
        assertThat(amount(lines, "5", "debit")).isEqualByComparingTo("20.00");
        assertThat(amount(lines, "18", "debit")).isEqualByComparingTo("5.40");
        assertThat(entry.get("tranDate").asText()).isEqualTo("2026-11-30");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(folder.resolve("processed/payout-20261130.csv")));
        assertThat(folder.resolve("payout-20261130.csv")).doesNotExist();

        // the same report again (sent twice by the provider) posts nothing twice
        drop(folder, "payout-20261130-again.csv", report);
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(folder.resolve("processed/payout-20261130-again.csv")));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> bus.netsuite().writes("journalEntry", "PAYOUT-woocommerce-woo-demo-po_woo1") == 1);
    }

    @Test
    void aReportThatCannotBeReadIsSetAsideWithTheLineAndNothingIsStaged() throws IOException {
        Path folder = dir.resolve("payouts/demo");
        drop(folder, "broken.csv", HEADER + "\n"
                + "txn_5,2026-11-28 10:00:00,2026-11-30 00:00:00,usd,50.00,1.75,48.25,charge,ch_5,Order 601,po_bc9,2026-11-30 00:00:00,601\n"
                + "txn_6,2026-11-28 11:00:00,2026-11-30 00:00:00,usd,12.x0,0.65,11.35,charge,ch_6,Order 602,po_bc9,2026-11-30 00:00:00,602\n");

        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(folder.resolve("failed/broken.csv.error")));
        assertThat(folder.resolve("failed/broken.csv")).exists();
        assertThat(folder.resolve("broken.csv")).doesNotExist();
        assertThat(Files.readString(folder.resolve("failed/broken.csv.error"))).contains("line 3").contains("gross").contains("12.x0");
        assertThat(bus.ledger().find(new RecordKey("bigcommerce", "demo", "payout", "po_bc9"))).isEmpty();
    }

    @Test
    void theDemoProviderPaysOutTheStoresCardPaymentsLessItsFeeAndTheRefunds() throws IOException {
        ObjectNode card = bus.woocommerce().demoOrderBody();
        card.put("set_paid", true).put("status", "processing").put("payment_method", "stripe").put("transaction_id", "ch_3Payout");
        int order = bus.woocommerce().placeOrder(card);
        ObjectNode transfer = bus.woocommerce().demoOrderBody();
        transfer.put("set_paid", true).put("status", "processing").put("payment_method", "bacs");
        bus.woocommerce().placeOrder(transfer);
        JsonNode placed = bus.woocommerce().order(order);
        // the first line back to the card, with its tax: the provider takes it from the payout
        JsonNode line = placed.get("line_items").get(0);
        ObjectNode request = Json.mapper().createObjectNode().put("api_refund", true);
        request.putArray("line_items").addObject().put("id", line.get("id").asInt()).put("quantity", line.get("quantity").asInt())
                .put("refund_total", line.get("total").asText()).putArray("refund_tax").addObject()
                .put("id", line.get("taxes").get(0).get("id").asText()).put("refund_total", line.get("total_tax").asText());
        bus.woocommerce().refund(order, request);
        BigDecimal refunded = new BigDecimal(line.get("total").asText()).add(new BigDecimal(line.get("total_tax").asText()));
        int bcOrder = bus.store().placeOrder(Orders.order("payout.bc@example.com", "Paula", 77, 2));

        List<Path> reports = bus.bus().bean("payoutReports", PayoutReports.class).payOut();

        assertThat(reports).hasSize(2);
        Path woo = reports.stream().filter(p -> p.startsWith(dir.resolve("payouts/woo-demo"))).findFirst().orElseThrow();
        Payout payout = ProviderPayoutReport.parse(Files.readString(woo), null).get(0);
        BigDecimal total = new BigDecimal(placed.get("total").asText());
        BigDecimal fee = total.multiply(new BigDecimal("0.029")).add(new BigDecimal("0.30")).setScale(2, java.math.RoundingMode.HALF_UP);
        assertThat(payout.deposit()).isEqualByComparingTo(total.subtract(fee).subtract(refunded));
        assertThat(payout.lines()).extracting(l -> l.category() + " " + l.orderId() + " " + l.amount().toPlainString())
                .containsExactly("charge " + order + " " + total.toPlainString(), "fee " + order + " " + fee.negate().toPlainString(),
                        "refund " + order + " " + refunded.negate().toPlainString());

        // the bus reads both reports into journal entries; the BigCommerce one on 1012 BigCommerce clearing
        await().atMost(Duration.ofSeconds(10)).until(() -> bus.ledger().list(new LedgerQuery(null, null, "payout", RecordState.DELIVERED,
                null, null, 100, 0)).stream().anyMatch(r -> r.key().store().equals("demo")));
        JsonNode bc = bus.netsuite().records("journalEntry").stream().filter(j -> j.path("memo").asText().startsWith("bigcommerce"))
                .findFirst().orElseThrow();
        List<JsonNode> bcLines = StreamSupport.stream(bc.get("line").get("items").spliterator(), false).toList();
        BigDecimal bcTotal = new BigDecimal(bus.store().order(bcOrder).get("total_inc_tax").asText());
        assertThat(amount(bcLines, "4", "credit")).isEqualByComparingTo(bcTotal);
        assertThat(sum(bcLines, "debit")).isEqualByComparingTo(sum(bcLines, "credit"));
        // nothing new since: the next payout writes nothing
        assertThat(bus.bus().bean("payoutReports", PayoutReports.class).payOut()).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    static void drop(Path folder, String name, String csv) throws IOException {
        Files.createDirectories(folder);
        Path part = folder.resolve(name + ".part");
        Files.writeString(part, csv, StandardCharsets.UTF_8);
        Files.move(part, folder.resolve(name));
    }

    static BigDecimal sum(List<JsonNode> lines, String side) {
        return lines.stream().map(l -> l.path(side)).filter(JsonNode::isNumber).map(JsonNode::decimalValue)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    static BigDecimal amount(List<JsonNode> lines, String account, String side) {
        return sum(lines.stream().filter(l -> account.equals(l.path("account").path("id").asText())).toList(), side);
    }
}
