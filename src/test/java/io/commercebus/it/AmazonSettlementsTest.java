package io.commercebus.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.connector.amazon.AmazonClient;
import io.commercebus.connector.amazon.AmazonClients;
import io.commercebus.connector.amazon.AmazonSettlements;
import io.commercebus.connector.amazon.AmazonStore;
import io.commercebus.db.Transactions;
import io.commercebus.ledger.Ledger;
import io.commercebus.ledger.LedgerRecord;
import io.commercebus.ledger.RecordKey;
import io.commercebus.ledger.RecordState;
import io.commercebus.ledger.Watermarks;
import io.commercebus.ledger.camel.LedgerHeaders;
import io.commercebus.payout.Payout;
import io.commercebus.payout.PayoutLine;
import io.commercebus.sandbox.amazon.AmazonSandbox;
import io.commercebus.sandbox.amazon.SettlementSummary;
import io.commercebus.sandbox.netsuite.NetSuiteSandbox;
import io.commercebus.support.Json;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Amazon settlements through the SP-API and NetSuite sandboxes: a settlement report of many orders,
 * refunds, fees, advertising and a reimbursement becomes exactly one balanced journal entry, whose bank
 * line is the deposit; a report whose total disagrees with its rows never reaches NetSuite.
 */
class AmazonSettlementsTest {

    static final String STORE = "amazon-demo";

    @TempDir
    static Path dir;
    static TestBus bus;
    static AmazonSandbox amazon;
    static NetSuiteSandbox netsuite;

    @BeforeAll
    static void start() {
        Map<String, String> settings = TestBus.settings(dir);
        settings.put("bus.amazon.settlements.period", "300");
        bus = TestBus.start(settings);
        amazon = bus.amazon();
        netsuite = bus.netsuite();
        // the poll runs every 300 ms here; Amazon allows getReports about once a minute after a burst of 10,
        // getReportDocument once a minute after 15
        amazon.setUsagePlan("getReports", 50, 100);
        amazon.setUsagePlan("getReportDocument", 50, 100);
    }

    @AfterAll
    static void stop() {
        bus.close();
    }

    static RecordKey payout(String settlementId) {
        return new RecordKey("amazon", STORE, "payout", settlementId);
    }

    @Test
    void aSettlementOfFiftyOrdersRefundsAndFeesIsOneBalancedJournalEntryWhoseBankLineIsTheDeposit() throws Exception {
        Instant start = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        List<String> orders = amazon.seedShippedOrders(50, start.plus(Duration.ofHours(1)), 7);
        amazon.refund(orders.get(0), Map.of(sku(orders.get(0)), 1), true);
        amazon.refund(orders.get(1), Map.of(sku(orders.get(1)), 1), false);
        amazon.chargeAdvertising(new BigDecimal("25.40"));
        amazon.reimburse("MUG-11OZ", 2, new BigDecimal("6.50"), "WAREHOUSE_DAMAGE");
        SettlementSummary settlement = amazon.settlement(amazon.publishSettlement(start, Instant.now().plusSeconds(1)));

        bus.awaitState(payout(settlement.settlementId()), RecordState.DELIVERED);

        Payout read = Json.mapper().readValue(bus.record(payout(settlement.settlementId())).payload(), Payout.class);
        assertThat(read.lines()).hasSize(settlement.rows());
        assertThat(read.deposit()).isEqualByComparingTo(settlement.totalAmount());
        assertThat(read.linesTotal()).isEqualByComparingTo(settlement.rowsTotal());
        assertThat(read.lines().stream().map(PayoutLine::orderId).filter(o -> o != null).collect(Collectors.toSet()))
                .containsAll(orders);

        List<JsonNode> entries = journals(settlement.settlementId());
        assertThat(entries).hasSize(1);
        List<JsonNode> lines = StreamSupport.stream(entries.get(0).at("/line/items").spliterator(), false).toList();
        assertThat(sum(lines, "debit")).isEqualByComparingTo(sum(lines, "credit"));
        List<JsonNode> bank = lines.stream().filter(l -> l.at("/account/id").asText().equals("1")).toList();
        assertThat(bank).hasSize(1);
        assertThat(bank.get(0).get("debit").decimalValue()).isEqualByComparingTo(settlement.totalAmount());

        // one line per fee type, with the fees of that type in the report
        Map<String, BigDecimal> fees = new TreeMap<>();
        read.lines().stream().filter(l -> l.kind() == PayoutLine.Kind.FEE)
                .forEach(l -> fees.merge(l.category(), l.amount(), BigDecimal::add));
        assertThat(fees.keySet()).containsExactly("Order/ItemFees/Commission", "Order/ItemFees/FBAPerUnitFulfillmentFee",
                "Refund/ItemFees/Commission", "Refund/ItemFees/RefundCommission");
        fees.forEach((category, amount) -> {
            List<JsonNode> line = lines.stream().filter(l -> l.path("memo").asText().equals(category)).toList();
            assertThat(line).as(category).hasSize(1);
            assertThat(signed(line.get(0))).as(category).isEqualByComparingTo(amount);
        });
        JsonNode advertising = line(lines, "other-transaction/Cost of Advertising/TransactionTotalAmount");
        assertThat(advertising.at("/account/id").asText()).isEqualTo("17");
        assertThat(advertising.get("debit").decimalValue()).isEqualByComparingTo("25.40");
        JsonNode reimbursement = line(lines, "other-transaction/FBA Inventory Reimbursement/WAREHOUSE_DAMAGE");
        assertThat(reimbursement.at("/account/id").asText()).isEqualTo("13");
        assertThat(reimbursement.get("credit").decimalValue()).isEqualByComparingTo("13.00");
        assertThat(line(lines, "other-transaction/other-transaction/Subscription Fee").get("debit").decimalValue())
                .isEqualByComparingTo("39.99");

        // the report read again, as by a bus that starts afresh: nothing new is staged, nothing posted twice
        List<Map<String, Object>> again = freshReader().published(STORE, new DefaultExchange(bus.bus().context()));
        assertThat(again).extracting(m -> m.get(LedgerHeaders.EXTERNAL_ID)).contains(settlement.settlementId());
        for (Map<String, Object> staged : again) {
            RecordKey key = payout((String) staged.get(LedgerHeaders.EXTERNAL_ID));
            assertThat(bus.ledger().stage(key, (String) staged.get("payload"), Instant.parse((String) staged.get(
                    LedgerHeaders.CHANGED_AT)))).isEqualTo(Ledger.Intake.UNCHANGED);
        }
        assertThat(bus.record(payout(settlement.settlementId())).state()).isEqualTo(RecordState.DELIVERED);
        assertThat(journals(settlement.settlementId())).hasSize(1);
    }

    @Test
    void aSettlementWhoseTotalDisagreesWithItsRowsIsDeadLetteredWithTheDifferenceAndNeverPosted() {
        Instant start = Instant.now().minus(Duration.ofHours(12)).truncatedTo(ChronoUnit.SECONDS);
        amazon.seedShippedOrders(3, start.plus(Duration.ofHours(1)), 11);
        SettlementSummary settlement = amazon.settlement(amazon.publishSettlement(start, start.plus(Duration.ofHours(2)),
                new BigDecimal("0.07")));

        bus.awaitState(payout(settlement.settlementId()), RecordState.DEAD);

        LedgerRecord record = bus.record(payout(settlement.settlementId()));
        assertThat(record.reason()).isEqualTo("PAYOUT_MISMATCH");
        assertThat(record.lastError()).contains("deposits " + settlement.totalAmount().toPlainString())
                .contains("a difference of 0.07");
        assertThat(journals(settlement.settlementId())).isEmpty();
    }

    /** The journal entries NetSuite has for the settlement. */
    static List<JsonNode> journals(String settlementId) {
        return netsuite.records("journalEntry").stream()
                .filter(j -> j.path("externalId").asText().equals("PAYOUT-amazon-amazon-demo-" + settlementId))
                .map(j -> (JsonNode) netsuite.record("journalEntry", j.get("id").asText())).toList();
    }

    static JsonNode line(List<JsonNode> lines, String memo) {
        List<JsonNode> found = lines.stream().filter(l -> l.path("memo").asText().equals(memo)).toList();
        assertThat(found).as(memo).hasSize(1);
        return found.get(0);
    }

    /** A journal line as a payout amount: credits are money for the seller, debits money taken. */
    static BigDecimal signed(JsonNode line) {
        return line.hasNonNull("credit") ? line.get("credit").decimalValue() : line.get("debit").decimalValue().negate();
    }

    static BigDecimal sum(List<JsonNode> lines, String side) {
        return lines.stream().filter(l -> l.hasNonNull(side)).map(l -> l.get(side).decimalValue())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    static String sku(String orderId) {
        return amazon.orderItems(orderId).get(0).get("SellerSKU").asText();
    }

    /** The settlement reader of a bus that has just started: it remembers no report. */
    static AmazonSettlements freshReader() {
        AmazonStore store = new AmazonStore(STORE, amazon.baseUrl(), amazon.tokenUrl(), "amzn1.application-oa2-client.sandbox",
                "sandbox-lwa-client-secret", "Atzr|sandbox-refresh-token", List.of("ATVPDKIKX0DER"), null);
        AmazonClient client = new AmazonClient(store, HttpClient.newHttpClient(), Duration.ofSeconds(10), Duration.ofSeconds(10),
                Clock.systemUTC(), Duration.ZERO);
        Watermarks watermarks = new Watermarks(new Transactions(bus.bus().bean("dataSource", DataSource.class)), Clock.systemUTC());
        return new AmazonSettlements(new AmazonClients(Map.of(STORE, client)), watermarks, Map.of(STORE, Instant.EPOCH),
                Duration.ofDays(1));
    }
}
