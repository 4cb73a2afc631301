package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.contract.OpenApiContract;
import io.commercebus.support.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What happens after an order answers what Amazon's published definitions describe: confirmShipment
 * (ordersV0.json), the Finances API (financesV0.json) and the Reports API (reports_2021-06-30.json),
 * and the request bodies the tests send, as the bus will, conform to them too.
 */
class AfterOrderContractTest {

    static final Path ORDERS_SPEC = Path.of("../shared/specs/amazon/ordersV0.json");
    static final Path FINANCES_SPEC = Path.of("../shared/specs/amazon/financesV0.json");
    static final Path REPORTS_SPEC = Path.of("../shared/specs/amazon/reports_2021-06-30.json");
    static final String CONFIRM = "/orders/v0/orders/{orderId}/shipmentConfirmation";
    static final String EVENTS = "/finances/v0/financialEvents";
    static final String BY_ORDER = "/finances/v0/orders/{orderId}/financialEvents";
    static final String GROUPS = "/finances/v0/financialEventGroups";
    static final String BY_GROUP = "/finances/v0/financialEventGroups/{eventGroupId}/financialEvents";
    static final String REPORTS = "/reports/2021-06-30/reports";
    static final String REPORT = "/reports/2021-06-30/reports/{reportId}";
    static final String DOCUMENT = "/reports/2021-06-30/documents/{reportDocumentId}";

    static AmazonSandbox amazon;
    static SpApi api;
    static OpenApiContract orders;
    static OpenApiContract finances;
    static OpenApiContract reports;
    static String refunded;
    static String reportId;
    static String closedGroup;

    @BeforeAll
    static void start() throws Exception {
        amazon = SpApi.sandbox();
        api = new SpApi(amazon);
        orders = new OpenApiContract(ORDERS_SPEC);
        finances = new OpenApiContract(FINANCES_SPEC);
        reports = new OpenApiContract(REPORTS_SPEC);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<String> shipped = amazon.seedShippedOrders(8, now.minus(Duration.ofDays(2)), 5);
        NewOrder.Line promoted = NewOrder.Line.of("HOODIE-L", 2).withShipping(new BigDecimal("5.99"))
                .withPromotion("PLM-5OFF", new BigDecimal("5.00")).withFreeShipping("US Core Free Shipping Promotion X1");
        refunded = amazon.placeOrder(amazon.demoOrder().withChannel("MFN").withStatus("Shipped").withLines(List.of(promoted)));
        amazon.refund(refunded, Map.of("HOODIE-L", 1), true);
        amazon.refund(shipped.get(0), Map.of(amazon.orderItems(shipped.get(0)).get(0).get("SellerSKU").asText(), 1), false);
        amazon.chargeAdvertising(new BigDecimal("10.00"));
        amazon.reimburse("MUG-11OZ", 1, new BigDecimal("5.00"), "WAREHOUSE_LOST");
        reportId = amazon.publishSettlement(now.minus(Duration.ofDays(7)), now.minus(Duration.ofDays(1)));
        closedGroup = amazon.settlement(reportId).financialEventGroupId();
    }

    @AfterAll
    static void stop() {
        amazon.close();
    }

    @Test
    void confirmShipmentRequestsAndAnswers() throws Exception {
        RequestBodies requests = new RequestBodies(ORDERS_SPEC);
        String id = amazon.placeOrder(amazon.demoOrder().withChannel("MFN").withStatus("Unshipped")
                .withLines(List.of(NewOrder.Line.of("MUG-11OZ", 2))));
        String item = amazon.orderItems(id).get(0).get("OrderItemId").asText();
        ObjectNode body = ConfirmShipmentTest.confirmation("1", "1Z999AA10000000001", Map.of(item, 1));
        ((ObjectNode) body.at("/packageDetail/orderItems/0")).putArray("transparencyCodes").add("09876543211234567890");
        ((ObjectNode) body.get("packageDetail")).put("shipFromSupplySourceId", "057d3fcc-b750-419f-bbcd-4d340c60c430");
        assertThat(requests.validate(CONFIRM, "POST", body)).isEmpty();
        HttpResponse<String> confirmed = api.send("POST", ConfirmShipmentTest.path(id), body);
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(204);
        assertThat(confirmed.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(confirmed.headers().firstValue("x-amzn-RateLimit-Limit")).hasValue("1000");
        JsonNode order = SpApi.json(api.get("/orders/v0/orders/" + id));
        assertThat(orders.validate("/orders/v0/orders/{orderId}", "GET", 200, "application/json", order)).isEmpty();

        ObjectNode tooMany = ConfirmShipmentTest.confirmation("2", "1Z999AA10000000002", Map.of(item, 5));
        assertThat(requests.validate(CONFIRM, "POST", tooMany)).isEmpty();
        assertError(orders, CONFIRM, "POST", api.send("POST", ConfirmShipmentTest.path(id), tooMany), 400);
        assertError(orders, CONFIRM, "POST", api.send("POST", ConfirmShipmentTest.path("111-0000000-0000000"), tooMany), 404);
        assertThat(requests.validate(CONFIRM, "POST", Json.mapper().createObjectNode().put("marketplaceId", SpApi.MARKETPLACE)))
                .as("the check catches a body without packageDetail").isNotEmpty();
    }

    @Test
    void financialEventsOfEveryKind() throws Exception {
        JsonNode all = conforms(finances, EVENTS, EVENTS + "?PostedAfter=" + Instant.now().minus(Duration.ofDays(10)));
        JsonNode events = all.at("/payload/FinancialEvents");
        for (String list : Finances.LISTS) {
            assertThat(events.get(list)).as(list).isNotEmpty();
        }
        JsonNode paged = conforms(finances, EVENTS, EVENTS + "?PostedAfter=" + Instant.now().minus(Duration.ofDays(10)) + "&MaxResultsPerPage=3");
        assertThat(paged.at("/payload/NextToken").asText()).isNotEmpty();
        ObjectNode broken = all.deepCopy();
        ((ObjectNode) broken.at("/payload/FinancialEvents/ShipmentEventList/0/ShipmentItemList/0/ItemChargeList/0/ChargeAmount"))
                .put("CurrencyAmount", "12.99");
        ((ObjectNode) broken.at("/payload/FinancialEvents/ShipmentEventList/0")).put("PostedDate", 17);
        assertThat(finances.validate(EVENTS, "GET", 200, "application/json", broken)).as("the check catches a broken event").hasSize(2);
        JsonNode order = conforms(finances, BY_ORDER, "/finances/v0/orders/" + refunded + "/financialEvents");
        assertThat(order.at("/payload/FinancialEvents/ShipmentEventList/0/ShipmentItemList/0/PromotionList")).hasSize(2);
        assertThat(order.at("/payload/FinancialEvents/RefundEventList/0/ShipmentItemAdjustmentList/0/PromotionAdjustmentList")).hasSize(2);
    }

    @Test
    void financialEventGroupsAndTheirEvents() throws Exception {
        JsonNode groups = conforms(finances, GROUPS, GROUPS);
        assertThat(groups.at("/payload/FinancialEventGroupList")).hasSize(2);
        JsonNode first = conforms(finances, GROUPS, GROUPS + "?MaxResultsPerPage=1");
        assertThat(first.at("/payload/NextToken").asText()).isNotEmpty();
        conforms(finances, GROUPS, GROUPS + "?NextToken=" + SpApi.encode(first.at("/payload/NextToken").asText()));
        JsonNode closed = conforms(finances, BY_GROUP, GROUPS + "/" + closedGroup + "/financialEvents");
        assertThat(closed.at("/payload/FinancialEvents/ShipmentEventList")).hasSize(8);
    }

    @Test
    void financesErrorBodies() throws Exception {
        assertError(finances, EVENTS, "GET", api.get(EVENTS + "?MaxResultsPerPage=0"), 400);
        assertError(finances, BY_ORDER, "GET", api.get("/finances/v0/orders/1234/financialEvents"), 400);
        assertError(finances, GROUPS, "GET", api.get(GROUPS + "?NextToken=x"), 400);
        assertError(finances, BY_GROUP, "GET", api.get(GROUPS + "/nothing/financialEvents"), 404);
        assertError(finances, EVENTS, "GET", api.get(EVENTS, null), 403);
    }

    @Test
    void reportsRequestsAndAnswers() throws Exception {
        RequestBodies requests = new RequestBodies(REPORTS_SPEC);
        JsonNode list = conforms(reports, REPORTS, REPORTS + "?reportTypes=" + Reports.SETTLEMENT_FLAT_FILE_V2 + "&marketplaceIds="
                + SpApi.MARKETPLACE);
        assertThat(list.get("reports")).hasSize(1);
        JsonNode report = conforms(reports, REPORT, REPORTS + "/" + reportId);
        JsonNode document = conforms(reports, DOCUMENT, "/reports/2021-06-30/documents/" + report.get("reportDocumentId").asText());
        assertThat(document.get("compressionAlgorithm").asText()).isEqualTo("GZIP");

        ObjectNode request = Json.mapper().createObjectNode().put("reportType", "GET_MERCHANT_LISTINGS_ALL_DATA");
        request.putArray("marketplaceIds").add(SpApi.MARKETPLACE);
        request.putObject("reportOptions");
        request.put("dataStartTime", Instant.now().minus(Duration.ofDays(1)).toString());
        assertThat(requests.validate(REPORTS, "POST", request)).isEmpty();
        HttpResponse<String> created = api.send("POST", REPORTS, request);
        assertThat(created.statusCode()).isEqualTo(202);
        assertThat(reports.validate(REPORTS, "POST", 202, "application/json", SpApi.json(created))).isEmpty();
        conforms(reports, REPORT, REPORTS + "/" + SpApi.json(created).get("reportId").asText());

        ObjectNode settlement = request.deepCopy().put("reportType", "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE");
        assertThat(requests.validate(REPORTS, "POST", settlement)).isEmpty();
        assertError(reports, REPORTS, "POST", api.send("POST", REPORTS, settlement), 400);
        assertError(reports, REPORTS, "GET", api.get(REPORTS), 400);
        assertError(reports, REPORT, "GET", api.get(REPORTS + "/1"), 404);
        assertError(reports, DOCUMENT, "GET", api.get("/reports/2021-06-30/documents/amzn1.spdoc.1.4.na.missing"), 404);
        assertError(reports, REPORT, "DELETE", api.send("DELETE", REPORTS + "/" + reportId, null), 400);
    }

    private static JsonNode conforms(OpenApiContract contract, String specPath, String pathAndQuery) throws Exception {
        HttpResponse<String> response = api.get(pathAndQuery);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(response.headers().firstValue("x-amzn-RateLimit-Limit")).isPresent();
        JsonNode body = SpApi.json(response);
        assertThat(contract.validate(specPath, "GET", 200, "application/json", body)).as(response.body()).isEmpty();
        return body;
    }

    private static void assertError(OpenApiContract contract, String specPath, String method, HttpResponse<String> response, int status)
            throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = SpApi.json(response);
        assertThat(body.at("/errors/0/code").asText()).isNotEmpty();
        assertThat(contract.validate(specPath, method, status, "application/json", body)).as(response.body()).isEmpty();
    }
}
