package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Settlement reports as the bus reads them: getReports, getReport, getReportDocument, the gzipped Flat File V2, and createReport. */
class SettlementReportsTest {

    static final String SETTLEMENT = "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2";
    static final String REPORTS = "/reports/2021-06-30/reports";
    static final List<String> COLUMNS = List.of("settlement-id", "settlement-start-date", "settlement-end-date", "deposit-date",
            "total-amount", "currency", "transaction-type", "order-id", "merchant-order-id", "adjustment-id", "shipment-id",
            "marketplace-name", "amount-type", "amount-description", "amount", "fulfillment-id", "posted-date", "posted-date-time",
            "order-item-code", "merchant-order-item-id", "merchant-adjustment-item-id", "sku", "quantity-purchased", "promotion-id");
    static final String UTC = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC";

    AmazonSandbox amazon = SpApi.sandbox();
    SpApi api = new SpApi(amazon);

    @AfterEach
    void stop() {
        amazon.close();
    }

    /** The report's document as the bus gets it: getReport, getReportDocument, download, gunzip when GZIP. */
    static String document(SpApi api, String reportId) throws Exception {
        JsonNode report = ok(api.get(REPORTS + "/" + reportId));
        JsonNode document = ok(api.get("/reports/2021-06-30/documents/" + SpApi.encode(report.get("reportDocumentId").asText())));
        HttpResponse<byte[]> download = SpApi.download(document.get("url").asText());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("text/tab-separated-values; charset=UTF-8");
        byte[] content = download.body();
        if ("GZIP".equals(document.path("compressionAlgorithm").asText())) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(content))) {
                content = in.readAllBytes();
            }
        }
        return new String(content, StandardCharsets.UTF_8);
    }

    /** Lines split into tab-separated fields, each padded to every column. */
    static List<String[]> rows(String file) {
        List<String[]> rows = new ArrayList<>();
        for (String line : file.split("\n")) {
            rows.add(Arrays.copyOf(line.split("\t", -1), COLUMNS.size()));
        }
        return rows;
    }

    static String field(String[] row, String column) {
        String value = row[COLUMNS.indexOf(column)];
        return value == null ? "" : value;
    }

    @Test
    void aSettlementReportListsEveryAmountAndItsTotalIsTheirSum() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant start = now.minus(Duration.ofDays(14));
        Instant end = now.plusSeconds(1);
        List<String> orders = amazon.seedShippedOrders(50, now.minus(Duration.ofDays(3)), 50);
        String refunded = orders.stream().filter(id -> amazon.order(id).get("FulfillmentChannel").asText().equals("MFN")).findFirst()
                .orElseThrow();
        String sku = amazon.orderItems(refunded).get(0).get("SellerSKU").asText();
        String adjustmentId = amazon.refund(refunded, Map.of(sku, 1), true);
        amazon.chargeAdvertising(new BigDecimal("12.34"));
        amazon.reimburse("CAP-ONE", 1, new BigDecimal("8.10"), "WAREHOUSE_DAMAGE");

        String reportId = amazon.publishSettlement(start, end);
        JsonNode listed = ok(api.get(REPORTS + "?reportTypes=" + SETTLEMENT + "&processingStatuses=DONE")).get("reports");
        assertThat(listed).hasSize(1);
        JsonNode report = listed.get(0);
        assertThat(report.get("reportId").asText()).isEqualTo(reportId);
        assertThat(report.get("processingStatus").asText()).isEqualTo("DONE");
        assertThat(report.get("dataStartTime").asText()).isEqualTo(start.toString());
        assertThat(report.get("dataEndTime").asText()).isEqualTo(end.toString());
        assertThat(report.get("marketplaceIds")).hasSize(1);
        assertThat(report.at("/marketplaceIds/0").asText()).isEqualTo(SpApi.MARKETPLACE);
        JsonNode document = ok(api.get("/reports/2021-06-30/documents/" + report.get("reportDocumentId").asText()));
        assertThat(document.get("compressionAlgorithm").asText()).isEqualTo("GZIP");

        List<String[]> rows = rows(document(api, reportId));
        assertThat(rows.get(0)).containsExactlyElementsOf(COLUMNS);
        String[] summaryRow = rows.get(1);
        SettlementSummary summary = amazon.settlement(reportId);
        assertThat(field(summaryRow, "settlement-id")).isEqualTo(summary.settlementId()).matches("\\d{11}");
        assertThat(field(summaryRow, "settlement-start-date")).matches(UTC);
        assertThat(field(summaryRow, "settlement-end-date")).matches(UTC);
        assertThat(field(summaryRow, "deposit-date")).matches(UTC);
        assertThat(field(summaryRow, "currency")).isEqualTo("USD");
        assertThat(field(summaryRow, "transaction-type")).isEmpty();

        List<String[]> amounts = rows.subList(2, rows.size());
        assertThat(amounts).hasSize(summary.rows());
        BigDecimal sum = BigDecimal.ZERO;
        Set<String> kinds = new HashSet<>();
        Set<String> orderIds = new HashSet<>();
        for (String[] row : amounts) {
            assertThat(field(row, "settlement-id")).isEqualTo(summary.settlementId());
            assertThat(field(row, "total-amount")).isEmpty();
            assertThat(field(row, "amount")).matches("-?\\d+\\.\\d{2}");
            assertThat(field(row, "posted-date")).matches("\\d{4}-\\d{2}-\\d{2}");
            assertThat(field(row, "posted-date-time")).matches(UTC);
            sum = sum.add(new BigDecimal(field(row, "amount")));
            kinds.add(field(row, "transaction-type") + "/" + field(row, "amount-type") + "/" + field(row, "amount-description"));
            if (!field(row, "order-id").isEmpty()) {
                orderIds.add(field(row, "order-id"));
            }
        }
        assertThat(new BigDecimal(field(summaryRow, "total-amount"))).isEqualByComparingTo(sum).isEqualByComparingTo(summary.totalAmount());
        assertThat(summary.rowsTotal()).isEqualByComparingTo(sum);
        assertThat(orderIds).containsExactlyInAnyOrderElementsOf(orders).containsExactlyInAnyOrderElementsOf(summary.orderIds());
        assertThat(kinds).contains("Order/ItemPrice/Principal", "Order/ItemPrice/Tax", "Order/ItemPrice/Shipping",
                "Order/ItemFees/Commission", "Order/ItemFees/FBAPerUnitFulfillmentFee",
                "Order/ItemWithheldTax/MarketplaceFacilitatorTax-Principal",
                "Refund/ItemPrice/Principal", "Refund/ItemFees/Commission", "Refund/ItemFees/RefundCommission",
                "other-transaction/other-transaction/Subscription Fee", "other-transaction/Cost of Advertising/TransactionTotalAmount",
                "other-transaction/FBA Inventory Reimbursement/WAREHOUSE_DAMAGE");

        String[] principal = amounts.stream().filter(r -> field(r, "transaction-type").equals("Order")
                && field(r, "amount-description").equals("Principal")).findFirst().orElseThrow();
        assertThat(field(principal, "marketplace-name")).isEqualTo("Amazon.com");
        assertThat(field(principal, "order-id")).isEqualTo(field(principal, "merchant-order-id"));
        assertThat(field(principal, "shipment-id")).matches("[A-Za-z0-9]{9}");
        assertThat(field(principal, "fulfillment-id")).isIn("AFN", "MFN");
        assertThat(field(principal, "order-item-code")).matches("\\d{14}");
        assertThat(field(principal, "quantity-purchased")).matches("[1-9]");
        for (String[] refund : amounts.stream().filter(r -> field(r, "transaction-type").equals("Refund")).toList()) {
            assertThat(field(refund, "adjustment-id")).isEqualTo(adjustmentId);
            assertThat(field(refund, "order-id")).isEqualTo(refunded);
            assertThat(field(refund, "sku")).isEqualTo(sku);
            BigDecimal value = new BigDecimal(field(refund, "amount"));
            switch (field(refund, "amount-description")) {
                case "Principal", "RefundCommission" -> assertThat(value).isNegative();
                case "Commission" -> assertThat(value).isPositive();
                default -> { }
            }
        }
        String[] subscription = amounts.stream().filter(r -> field(r, "amount-description").equals("Subscription Fee")).findFirst()
                .orElseThrow();
        assertThat(field(subscription, "amount")).isEqualTo("-39.99");
        assertThat(field(subscription, "order-id")).isEmpty();
    }

    @Test
    void aSkewedSettlementsTotalDisagreesWithItsRows() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        amazon.seedShippedOrders(3, now.minus(Duration.ofDays(1)), 1);
        String reportId = amazon.publishSettlement(now.minus(Duration.ofDays(2)), now, new BigDecimal("0.01"));

        SettlementSummary summary = amazon.settlement(reportId);
        assertThat(summary.totalAmount().subtract(summary.rowsTotal())).isEqualByComparingTo("0.01");
        List<String[]> rows = rows(document(api, reportId));
        BigDecimal sum = rows.subList(2, rows.size()).stream().map(r -> new BigDecimal(field(r, "amount"))).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(new BigDecimal(field(rows.get(1), "total-amount"))).isEqualByComparingTo(sum.add(new BigDecimal("0.01")));
        assertThat(ok(api.get("/finances/v0/financialEventGroups")).at("/payload/FinancialEventGroupList/0/OriginalTotal/CurrencyAmount")
                .decimalValue()).as("the deposit is the report's total").isEqualByComparingTo(summary.totalAmount());

        HttpResponse<String> control = api.post("/sandbox/settlements?start=" + now + "&end=" + now.plusSeconds(60) + "&skew=-1.00");
        assertThat(control.statusCode()).as(control.body()).isEqualTo(201);
        JsonNode published = SpApi.json(control);
        assertThat(published.get("totalAmount").decimalValue().subtract(published.get("rowsTotal").decimalValue()))
                .isEqualByComparingTo("-1.00");
        assertThat(published.get("rows").asInt()).as("the subscription fee alone").isEqualTo(1);
        assertThat(api.post("/sandbox/settlements?start=" + now).statusCode()).isEqualTo(400);
    }

    @Test
    void settlementReportsCannotBeRequested() throws Exception {
        for (Map.Entry<String, String> type : Map.of("GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE", "1117", SETTLEMENT, "1118").entrySet()) {
            HttpResponse<String> refused = api.send("POST", REPORTS,
                    Map.of("reportType", type.getKey(), "marketplaceIds", List.of(SpApi.MARKETPLACE)));
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(SpApi.json(refused).at("/errors/0/code").asText()).isEqualTo("InvalidInput");
            assertThat(SpApi.json(refused).at("/errors/0/message").asText())
                    .isEqualTo("Request for report type " + type.getValue() + " is not allowed at this time");
        }
        assertThat(api.send("POST", REPORTS, Map.of("reportType", SETTLEMENT)).statusCode()).isEqualTo(400);
    }

    @Test
    void aRequestedReportCanBeCancelledWhileQueuedAndOtherwiseEndsFatal() throws Exception {
        amazon.setReportProcessingDelay(Duration.ofSeconds(30));
        Map<String, Object> request = Map.of("reportType", "GET_FLAT_FILE_OPEN_LISTINGS_DATA", "marketplaceIds", List.of(SpApi.MARKETPLACE));
        HttpResponse<String> created = api.send("POST", REPORTS, request);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String queued = SpApi.json(created).get("reportId").asText();
        assertThat(ok(api.get(REPORTS + "/" + queued)).get("processingStatus").asText()).isEqualTo("IN_QUEUE");
        HttpResponse<String> cancel = api.send("DELETE", REPORTS + "/" + queued, null);
        assertThat(cancel.statusCode()).isEqualTo(200);
        assertThat(cancel.body()).isEmpty();
        JsonNode cancelled = ok(api.get(REPORTS + "/" + queued));
        assertThat(cancelled.get("processingStatus").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.has("reportDocumentId")).isFalse();

        amazon.setReportProcessingDelay(Duration.ofMillis(100));
        String fatal = SpApi.json(api.send("POST", REPORTS, request)).get("reportId").asText();
        await().atMost(Duration.ofSeconds(3)).until(() -> ok(api.get(REPORTS + "/" + fatal)).get("processingStatus").asText().equals("FATAL"));
        assertThat(ok(api.get(REPORTS + "/" + fatal)).get("processingEndTime").asText()).isNotEmpty();
        HttpResponse<String> late = api.send("DELETE", REPORTS + "/" + fatal, null);
        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(SpApi.json(late).at("/errors/0/message").asText()).contains("only a report IN_QUEUE");
        assertThat(api.get(REPORTS + "/99999999999").statusCode()).isEqualTo(404);
        assertThat(api.get("/reports/2021-06-30/documents/amzn1.spdoc.1.4.na.missing").statusCode()).isEqualTo(404);
    }

    @Test
    void getReportsPagesNewestFirstAndFilters() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> ids = new ArrayList<>();
        for (int i = 3; i > 0; i--) {
            ids.add(amazon.publishSettlement(now.minus(Duration.ofDays(14L * i)), now.minus(Duration.ofDays(14L * (i - 1)))));
        }
        JsonNode first = ok(api.get(REPORTS + "?reportTypes=" + SETTLEMENT + "&pageSize=2"));
        assertThat(first.get("reports")).hasSize(2);
        JsonNode second = ok(api.get(REPORTS + "?nextToken=" + SpApi.encode(first.get("nextToken").asText())));
        assertThat(second.get("reports")).hasSize(1);
        assertThat(second.has("nextToken")).isFalse();
        List<String> seen = new ArrayList<>();
        first.get("reports").forEach(r -> seen.add(r.get("reportId").asText()));
        second.get("reports").forEach(r -> seen.add(r.get("reportId").asText()));
        Collections.reverse(ids);
        assertThat(seen).as("newest first").containsExactlyElementsOf(ids);

        assertThat(ok(api.get(REPORTS + "?reportTypes=GET_FLAT_FILE_OPEN_LISTINGS_DATA")).get("reports")).isEmpty();
        assertThat(ok(api.get(REPORTS + "?reportTypes=" + SETTLEMENT + "&processingStatuses=CANCELLED")).get("reports")).isEmpty();
        assertThat(ok(api.get(REPORTS + "?reportTypes=" + SETTLEMENT + "&createdUntil=" + now.minus(Duration.ofDays(1)))).get("reports"))
                .isEmpty();
        for (String query : List.of(REPORTS, REPORTS + "?reportTypes=" + SETTLEMENT + "&pageSize=101",
                REPORTS + "?reportTypes=" + SETTLEMENT + "&processingStatuses=READY",
                REPORTS + "?nextToken=" + SpApi.encode(first.get("nextToken").asText()) + "&pageSize=2")) {
            assertThat(api.get(query).statusCode()).as(query).isEqualTo(400);
        }
    }

    @Test
    void documentsCanBeServedPlainOrWithContentEncoding() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String gzipped = amazon.publishSettlement(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
        amazon.setGzipReportDocuments(false);
        String plain = amazon.publishSettlement(now.minus(Duration.ofDays(1)), now);

        JsonNode plainDocument = ok(api.get("/reports/2021-06-30/documents/" + ok(api.get(REPORTS + "/" + plain)).get("reportDocumentId").asText()));
        assertThat(plainDocument.has("compressionAlgorithm")).isFalse();
        assertThat(new String(SpApi.download(plainDocument.get("url").asText()).body(), StandardCharsets.UTF_8))
                .startsWith(String.join("\t", COLUMNS) + "\n");

        String documentId = ok(api.get(REPORTS + "/" + gzipped)).get("reportDocumentId").asText();
        JsonNode encoded = ok(api.get("/reports/2021-06-30/documents/" + documentId + "?enableContentEncodingUrlHeader=true"));
        HttpResponse<byte[]> download = SpApi.download(encoded.get("url").asText());
        assertThat(download.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(download.body()[0] & 0xff).as("gzip magic").isEqualTo(0x1f);
        String url = encoded.get("url").asText();
        assertThat(SpApi.download(url.replace("X-Amz-Signature=", "X-Amz-Signature=0")).statusCode()).isEqualTo(403);
    }

    @Test
    void settlementsAndTheirEventsSurviveARestart(@TempDir Path dir) throws Exception {
        amazon.close();
        Path state = dir.resolve("amazon.json");
        amazon = SpApi.sandbox(SpApi.LOOSE, null, Duration.ZERO, state);
        api = new SpApi(amazon);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> orders = amazon.seedShippedOrders(4, now.minus(Duration.ofDays(1)), 4);
        String mfn = amazon.placeOrder(amazon.demoOrder().withChannel("MFN").withStatus("Unshipped")
                .withLines(List.of(NewOrder.Line.of("MUG-15OZ", 2))));
        amazon.confirmShipment(mfn, ConfirmShipmentTest.confirmation("7", "TRACK-7",
                Map.of(amazon.orderItems(mfn).get(0).get("OrderItemId").asText(), 1)));
        String reportId = amazon.publishSettlement(now.minus(Duration.ofDays(2)), now.minus(Duration.ofHours(1)));
        String refund = amazon.refund(orders.get(0), Map.of(amazon.orderItems(orders.get(0)).get(0).get("SellerSKU").asText(), 1), false);
        SettlementSummary before = amazon.settlement(reportId);
        String file = document(api, reportId);
        JsonNode groups = ok(api.get("/finances/v0/financialEventGroups")).get("payload");
        List<JsonNode> events = amazon.financialEvents(orders.get(0));
        amazon.close();

        amazon = SpApi.sandbox(SpApi.LOOSE, null, Duration.ZERO, state);
        api = new SpApi(amazon);
        assertThat(amazon.settlement(reportId)).isEqualTo(before);
        assertThat(document(api, reportId)).isEqualTo(file);
        assertThat(ok(api.get("/finances/v0/financialEventGroups")).get("payload")).isEqualTo(groups);
        assertThat(amazon.financialEvents(orders.get(0))).isEqualTo(events);
        assertThat(events.get(1).at("/ShipmentItemAdjustmentList/0/QuantityShipped").asInt()).isEqualTo(1);
        assertThat(amazon.packages(mfn).get(0).get("trackingNumber").asText()).isEqualTo("TRACK-7");
        assertThat(amazon.order(mfn).get("OrderStatus").asText()).isEqualTo("PartiallyShipped");
        assertThat(refund).isNotEqualTo(amazon.refund(orders.get(1), Map.of(amazon.orderItems(orders.get(1)).get(0).get("SellerSKU").asText(), 1),
                false));
        String next = amazon.publishSettlement(now.minus(Duration.ofHours(1)), now.plusSeconds(1));
        assertThat(next).isNotEqualTo(reportId);
        assertThat(amazon.settlement(next).settlementId()).isNotEqualTo(before.settlementId());
    }

    @Test
    void theDemoCanPublishASettlementEveryPeriod() throws Exception {
        amazon.placeOrder(amazon.demoOrder().withStatus("Shipped"));
        amazon.startSettlements(Duration.ofMillis(300));
        await().atMost(Duration.ofSeconds(5)).until(() -> ok(api.get(REPORTS + "?reportTypes=" + SETTLEMENT)).get("reports").size() >= 2);
        amazon.stopSettlements();
        JsonNode reports = ok(api.get(REPORTS + "?reportTypes=" + SETTLEMENT)).get("reports");
        String latest = reports.get(0).get("reportId").asText();
        String earlier = reports.get(1).get("reportId").asText();
        assertThat(amazon.settlement(latest).start()).as("each period starts where the last ended")
                .isEqualTo(amazon.settlement(earlier).end());
        assertThat(SpApi.json(api.get("/sandbox/settlements/" + latest, null)).get("settlementId").asText())
                .isEqualTo(amazon.settlement(latest).settlementId());
    }

    static JsonNode ok(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return SpApi.json(response);
    }
}
