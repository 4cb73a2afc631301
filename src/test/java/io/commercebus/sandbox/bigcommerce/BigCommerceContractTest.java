package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.contract.OpenApiContract;
import io.commercebus.support.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The BigCommerce sandbox answers what BigCommerce's published definitions describe: orders v2 (with
 * shipments), orders v3 refunds, webhooks v3 and the webhook events, the Catalog v3 (products, variants,
 * options, errors) and the Price Lists v3 (lists, records, assignments, errors); and the requests these
 * tests send for shipments and refunds are what the definitions describe. Where a definition contradicts
 * its own descriptions and examples, the correction is made here, once, with the reason
 * ({@link #ordersContract}, {@link #refundsContract}, {@link #catalogContract}).
 */
class BigCommerceContractTest {

    static final Path SPEC = Path.of("../shared/specs/bigcommerce/orders.v2.oas2.yml");
    static final Path CATALOG = Path.of("../shared/specs/bigcommerce/catalog.v3.yml");
    static final Path WEBHOOKS = Path.of("../shared/specs/bigcommerce/webhooks.v3.yml");
    static final Path PRICE_LISTS = Path.of("../shared/specs/bigcommerce/price_lists.v3.yml");
    static final Path ORDERS_V3 = Path.of("../shared/specs/bigcommerce/orders.v3.yml");
    static final Path EVENTS = Path.of("../shared/specs/bigcommerce/webhooks_events.yml");
    static final Path SAMPLES = Path.of("../shared/specs/bigcommerce/webhooks");
    /** The {@code shipping_provider} values the definition lists, with the empty string its text allows. */
    static final String PROVIDERS = "{\"type\":\"string\",\"enum\":[\"\",\"auspost\",\"canadapost\",\"endicia\",\"usps\",\"fedex\","
            + "\"ups\",\"upsready\",\"upsonline\",\"shipperhq\"]}";
    static BigCommerceSandbox store;
    static OpenApiContract contract;
    static OpenApiContract catalog;
    static OpenApiContract priceLists;
    static OpenApiContract refundsContract;
    static int tee;
    static int priceList;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static int orderId;

    @BeforeAll
    static void start() throws Exception {
        store = new BigCommerceSandbox(new BigCommerceSandbox.Config("127.0.0.1", 0, "contract1", "1001", "token",
                1000, Duration.ofSeconds(30), 0, List.of(), new BigDecimal("0.0825"), 7, null)).start();
        ObjectNode order = store.demoOrderBody();
        order.put("coupon_discount", "5.0000");
        orderId = store.placeOrder(order);
        contract = ordersContract();
        refundsContract = refundsContract();
        catalog = catalogContract();
        priceLists = priceListsContract();
        tee = store.createProduct(Json.mapper().readTree(TestStore.shirt("Crew Tee", "CREW", "S", "M"))).get("id").asInt();
        priceList = Json.mapper().readTree(send("POST", "/v3/pricelists", "{\"name\":\"Wholesale\"}").body()).at("/data/id").asInt();
        send("PUT", "/v3/pricelists/" + priceList + "/records", "[{\"sku\":\"CREW-S\",\"currency\":\"usd\",\"price\":20,"
                + "\"sale_price\":18,\"bulk_pricing_tiers\":[{\"quantity_min\":10,\"quantity_max\":19,\"type\":\"percent\",\"amount\":5}]},"
                + "{\"variant_id\":77,\"currency\":\"eur\",\"price\":11}]");
    }

    /** orders.v2.oas2.yml as published, with the corrections its own text calls for. */
    static OpenApiContract ordersContract() throws Exception {
        return new OpenApiContract(SPEC)
                .correct("/components/schemas/orderShipment/properties/shipping_provider", PROVIDERS,
                        "the enum lists ' ' (a space) where the create operation's text says 'Acceptable values for shipping_provider "
                                + "include an empty string (\"\")', which is what a shipment created without a provider holds")
                .correct("/components/schemas/orderShipment_Post/properties/shipping_provider", PROVIDERS,
                        "the operation's text: 'Acceptable values for shipping_provider include an empty string (\"\")', and its own "
                                + "request example sends shipping_provider: ''")
                .correct("/components/schemas/orderShipment_Put/properties/shipping_provider", PROVIDERS,
                        "the same field as on create, whose text allows an empty string; the update's own example sends ''");
    }

    /** orders.v3.yml (refunds) as published, with the corrections its own text calls for. */
    static OpenApiContract refundsContract() throws Exception {
        return new OpenApiContract(ORDERS_V3)
                .correct("/definitions/RefundQuote_Post/required", "[\"items\"]",
                        "order_id's own description: 'This is optional for creating a single refund request. The order ID is included "
                                + "in the request path'; the operation's examples leave it out");
    }

    /** catalog.v3.yml as published, with the corrections its own text calls for. */
    static OpenApiContract catalogContract() throws Exception {
        return new OpenApiContract(CATALOG)
                .correct("/definitions/product_Full/allOf/2/properties/variants",
                        "{\"type\":\"array\",\"items\":{\"$ref\":\"#/definitions/productVariant_Full\"}}",
                        "product_Full types include=variants as one productVariant_Full; its own example (ProductCollectionResponse) "
                                + "and BigCommerce give an array of them")
                .correct("/definitions/product_Full/allOf/1/properties/base_variant_id", "{\"type\":[\"integer\",\"null\"]}",
                        "its description: 'This value is null for complex products'")
                .correct("/definitions/productOption_Base/properties/option_values",
                        "{\"type\":\"array\",\"items\":{\"$ref\":\"#/definitions/productOptionOptionValue_Full\"}}",
                        "productOption_Base types option_values as one value; OptionResponse and every example give an array");
    }

    /** price_lists.v3.yml as published, with the corrections its own text calls for. */
    static OpenApiContract priceListsContract() throws Exception {
        return new OpenApiContract(PRICE_LISTS);
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Test
    void getAnOrder() throws Exception {
        assertConforms("/orders/{order_id}", "/orders/" + orderId);
    }

    @Test
    void getAllOrdersFilteredByModificationDate() throws Exception {
        assertConforms("/orders", "/orders?min_date_modified=2020-01-01T00:00:00Z&sort=date_modified:asc&limit=50&page=1");
    }

    @Test
    void getAllOrdersFilteredByCreationDate() throws Exception {
        assertConforms("/orders", "/orders?min_date_created=2020-01-01T00:00:00Z&max_date_created=2099-01-01T00:00:00Z"
                + "&limit=250&page=1");
    }

    @Test
    void listOrderProducts() throws Exception {
        assertConforms("/orders/{order_id}/products", "/orders/" + orderId + "/products");
    }

    @Test
    void getOrderShippingAddresses() throws Exception {
        assertConforms("/orders/{order_id}/shipping_addresses", "/orders/" + orderId + "/shipping_addresses");
    }

    @Test
    void anUnknownOrderIs404() throws Exception {
        HttpResponse<String> response = get("/orders/999999");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(contract.validate("/orders/{order_id}", "GET", 404, "application/json",
                Json.mapper().readTree(response.body()))).isEmpty();
    }

    @Test
    void theContractCheckRejectsABodyThatBreaksTheDefinition() throws Exception {
        ObjectNode order = (ObjectNode) Json.mapper().readTree(get("/orders/" + orderId).body());
        order.put("customer_id", "twenty");
        order.put("payment_status", "teleported");

        assertThat(contract.validate("/orders/{order_id}", "GET", 200, "application/json", order))
                .extracting(m -> m.getInstanceLocation().toString())
                .contains("$.customer_id", "$.payment_status");
    }

    @Test
    void catalogProducts() throws Exception {
        HttpResponse<String> response = get("/v3/catalog/products", "");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(catalog.validate("/catalog/products", "GET", 200, "application/json",
                Json.mapper().readTree(response.body()))).isEmpty();
    }

    @Test
    void webhooksList() throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(store.apiUrl() + "/v3/hooks"))
                .header("X-Auth-Token", "token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"scope\":\"store/order/created\",\"destination\":"
                        + "\"https://bus.example.com/webhooks/bigcommerce/demo\",\"is_active\":true,\"headers\":{\"custom\":\"x\"}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(200);
        HttpResponse<String> response = get("/v3/hooks", "");
        assertThat(Json.mapper().readTree(response.body()).get("data")).hasSize(1);
        assertThat(response.statusCode()).isEqualTo(200);
        // the webhooks definition files its schemas under a media type it calls "v3"
        assertThat(new OpenApiContract(WEBHOOKS).validate("/hooks", "GET", 200, "v3",
                Json.mapper().readTree(response.body()))).isEmpty();
    }

    private void assertConforms(String specPath, String pathAndQuery) throws Exception {
        HttpResponse<String> response = get(pathAndQuery);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(contract.validate(specPath, "GET", 200, "application/json", Json.mapper().readTree(response.body())))
                .as(response.body()).isEmpty();
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return get(pathAndQuery, "/v2");
    }

    private static HttpResponse<String> get(String pathAndQuery, String version) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(store.apiUrl() + version + pathAndQuery))
                .header("X-Auth-Token", "token").header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---------------------------------------------------------------- Catalog v3

    @Test
    void productsWithTheirVariantsAndOptions() throws Exception {
        assertConforms(catalog, "/catalog/products", "GET", 200, send("GET", "/v3/catalog/products?include=variants,options", null));
        assertConforms(catalog, "/catalog/products/{product_id}", "GET", 200,
                send("GET", "/v3/catalog/products/" + tee + "?include=variants,options", null));
        assertConforms(catalog, "/catalog/products/{product_id}", "GET", 200, send("GET", "/v3/catalog/products/77?include=variants", null));
        assertConforms(catalog, "/catalog/products/{product_id}", "GET", 404, send("GET", "/v3/catalog/products/4242", null));
    }

    @Test
    void theCorrectedCatalogContractStillRejectsABrokenProduct() throws Exception {
        ObjectNode product = (ObjectNode) Json.mapper().readTree(send("GET", "/v3/catalog/products/" + tee + "?include=variants,options", null)
                .body()).get("data");
        product.put("price", -1);
        ((ObjectNode) product.get("variants").get(0)).put("inventory_level", "plenty");
        ((ObjectNode) product.get("options").get(0).get("option_values").get(0)).remove("label");
        ObjectNode body = Json.mapper().createObjectNode();
        body.set("data", product);

        assertThat(catalog.validate("/catalog/products/{product_id}", "GET", 200, "application/json", body))
                .extracting(m -> m.getInstanceLocation().toString())
                .contains("$.data.price", "$.data.variants[0].inventory_level", "$.data.options[0].option_values[0]");
        assertThat(catalog.corrections()).hasSize(3);
    }

    @Test
    void productsCreatedAndUpdated() throws Exception {
        assertConforms(catalog, "/catalog/products", "POST", 200, send("POST", "/v3/catalog/products?include=variants",
                TestStore.shirt("Contract Polo", "CPOLO", "S", "M")));
        assertConforms(catalog, "/catalog/products/{product_id}", "PUT", 200, send("PUT", "/v3/catalog/products/78",
                "{\"price\":15.25,\"inventory_level\":8}"));
        assertConforms(catalog, "/catalog/products", "PUT", 200, send("PUT", "/v3/catalog/products",
                "[{\"id\":81,\"price\":48},{\"id\":82,\"sale_price\":25}]"));
    }

    @Test
    void productErrors() throws Exception {
        HttpResponse<String> conflict = send("POST", "/v3/catalog/products",
                "{\"name\":\"Mug again\",\"type\":\"physical\",\"weight\":1,\"price\":1,\"sku\":\"MUG-11OZ\"}");
        assertConforms(catalog, "/catalog/products", "POST", 409, conflict);
        assertConforms(catalog, "/catalog/products", "POST", 422, send("POST", "/v3/catalog/products", "{\"name\":\"No price\"}"));
        assertConforms(catalog, "/catalog/products/{product_id}", "PUT", 409, send("PUT", "/v3/catalog/products/78", "{\"sku\":\"CREW-S\"}"));
        assertConforms(catalog, "/catalog/products", "PUT", 409, send("PUT", "/v3/catalog/products", "[{\"id\":78,\"sku\":\"CREW-M\"}]"));
        assertConforms(catalog, "/catalog/products", "PUT", 422, send("PUT", "/v3/catalog/products", "[{\"price\":1}]"));
        assertConforms(catalog, "/catalog/products", "PUT", 404, send("PUT", "/v3/catalog/products", "[{\"id\":4242,\"price\":1}]"));
        StringBuilder eleven = new StringBuilder("[");
        for (int i = 0; i < 11; i++) {
            eleven.append(i == 0 ? "" : ",").append("{\"id\":77}");
        }
        HttpResponse<String> tooMany = send("PUT", "/v3/catalog/products", eleven + "]");
        assertConforms(catalog, "/catalog/products", "PUT", 413, tooMany);
        assertSameFields(catalog.example("/catalog/products", "PUT", 413, "application/json"), tooMany);
    }

    @Test
    void variants() throws Exception {
        int small = store.variantBySku("CREW-S").orElseThrow().get("id").asInt();
        assertConforms(catalog, "/catalog/products/{product_id}/variants", "GET", 200, send("GET", "/v3/catalog/products/" + tee + "/variants", null));
        assertConforms(catalog, "/catalog/products/{product_id}/variants/{variant_id}", "GET", 200,
                send("GET", "/v3/catalog/products/" + tee + "/variants/" + small, null));
        assertConforms(catalog, "/catalog/products/{product_id}/variants/{variant_id}", "PUT", 200,
                send("PUT", "/v3/catalog/products/" + tee + "/variants/" + small, "{\"inventory_level\":3,\"sale_price\":21}"));
        assertConforms(catalog, "/catalog/variants", "GET", 200, send("GET", "/v3/catalog/variants?sku:in=CREW-S,MUG-11OZ", null));
        assertConforms(catalog, "/catalog/variants", "PUT", 200, send("PUT", "/v3/catalog/variants",
                "[{\"id\":" + small + ",\"inventory_level\":4},{\"id\":77,\"inventory_level\":60,\"price\":12.5}]"));
        JsonNode size = Json.mapper().readTree(send("GET", "/v3/catalog/products/" + tee + "/options", null).body()).at("/data/0");
        JsonNode value = Json.mapper().readTree(send("POST", "/v3/catalog/products/" + tee + "/options/" + size.get("id").asInt() + "/values",
                "{\"label\":\"XXL\",\"sort_order\":9}").body()).get("data");
        assertConforms(catalog, "/catalog/products/{product_id}/variants", "POST", 200, send("POST", "/v3/catalog/products/" + tee + "/variants",
                "{\"sku\":\"CREW-XXL\",\"option_values\":[{\"id\":" + value.get("id").asInt() + ",\"option_id\":" + size.get("id").asInt() + "}]}"));
    }

    @Test
    void variantBatchErrors() throws Exception {
        HttpResponse<String> invalid = send("PUT", "/v3/catalog/variants", "[{\"id\":77,\"sku\":\"CREW-M\"},{\"id\":4242}]");
        assertConforms(catalog, "/catalog/variants", "PUT", 422, invalid);
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 51; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"id\":77,\"inventory_level\":1}");
        }
        HttpResponse<String> tooMany = send("PUT", "/v3/catalog/variants", batch + "]");
        assertThat(tooMany.statusCode()).isEqualTo(413);
        // the definition gives this 413 an example and no schema: the body is the example's, an error_Base
        JsonNode example = catalog.example("/catalog/variants", "PUT", 413, "application/json");
        assertThat(Json.mapper().readTree(tooMany.body())).isEqualTo(example);
        assertThat(catalog.validateDefinition("/definitions/error_Base", Json.mapper().readTree(tooMany.body()))).isEmpty();
    }

    @Test
    void optionsAndValues() throws Exception {
        assertConforms(catalog, "/catalog/products/{product_id}/options", "GET", 200, send("GET", "/v3/catalog/products/" + tee + "/options", null));
        HttpResponse<String> color = send("POST", "/v3/catalog/products/" + tee + "/options", "{\"display_name\":\"Color\",\"type\":\"swatch\","
                + "\"option_values\":[{\"label\":\"Black\",\"sort_order\":0,\"value_data\":{\"colors\":[\"#000000\"]}}]}");
        assertConforms(catalog, "/catalog/products/{product_id}/options", "POST", 200, color);
        int option = Json.mapper().readTree(color.body()).at("/data/id").asInt();
        assertConforms(catalog, "/catalog/products/{product_id}/options/{option_id}", "GET", 200,
                send("GET", "/v3/catalog/products/" + tee + "/options/" + option, null));
        assertConforms(catalog, "/catalog/products/{product_id}/options/{option_id}/values", "GET", 200,
                send("GET", "/v3/catalog/products/" + tee + "/options/" + option + "/values", null));
        assertConforms(catalog, "/catalog/products/{product_id}/options/{option_id}/values", "POST", 200,
                send("POST", "/v3/catalog/products/" + tee + "/options/" + option + "/values", "{\"label\":\"White\",\"sort_order\":1}"));
    }

    // ---------------------------------------------------------------- Price Lists v3

    @Test
    void priceListsAndTheirErrors() throws Exception {
        assertConforms(priceLists, "/pricelists", "GET", 200, send("GET", "/v3/pricelists", null));
        assertConforms(priceLists, "/pricelists/{price_list_id}", "GET", 200, send("GET", "/v3/pricelists/" + priceList, null));
        assertConforms(priceLists, "/pricelists/{price_list_id}", "PUT", 200, send("PUT", "/v3/pricelists/" + priceList, "{\"active\":true}"));
        assertConforms(priceLists, "/pricelists", "POST", 200, send("POST", "/v3/pricelists", "{\"name\":\"Contract list\",\"active\":false}"));
        assertConforms(priceLists, "/pricelists", "POST", 409, send("POST", "/v3/pricelists", "{\"name\":\"Wholesale\"}"));
        assertConforms(priceLists, "/pricelists", "POST", 422, send("POST", "/v3/pricelists", "{\"active\":true}"));
        assertConforms(priceLists, "/pricelists/{price_list_id}", "PUT", 404, send("PUT", "/v3/pricelists/4242", "{\"active\":true}"));
    }

    @Test
    void priceRecords() throws Exception {
        String records = "/v3/pricelists/" + priceList + "/records";
        assertConforms(priceLists, "/pricelists/{price_list_id}/records", "GET", 200, send("GET", records + "?include=sku,bulk_pricing_tiers", null));
        assertConforms(priceLists, "/pricelists/{price_list_id}/records", "GET", 200, send("GET", records + "?currency=usd", null));
        assertConforms(priceLists, "/pricelists/{price_list_id}/records/{variant_id}", "GET", 200, send("GET", records + "/77", null));
        assertConforms(priceLists, "/pricelists/{price_list_id}/records/{variant_id}/{currency_code}", "GET", 200,
                send("GET", records + "/77/eur", null));
        assertConforms(priceLists, "/pricelists/{price_list_id}/records/{variant_id}/{currency_code}", "PUT", 200,
                send("PUT", records + "/78/usd", "{\"price\":14,\"retail_price\":16}"));
        assertConforms(priceLists, "/pricelists/{price_list_id}/records", "PUT", 200,
                send("PUT", records, "[{\"sku\":\"CREW-M\",\"currency\":\"usd\",\"price\":21}]"));
        assertConforms(priceLists, "/pricelists/{price_list_id}/records", "PUT", 422,
                send("PUT", records, "[{\"sku\":\"NO-SUCH\",\"currency\":\"usd\",\"price\":1},{\"variant_id\":77,\"price\":1}]"));
    }

    @Test
    void priceListAssignments() throws Exception {
        int group = store.createCustomerGroup("Contract trade").get("id").asInt();
        assertConforms(priceLists, "/pricelists/assignments", "POST", 200, send("POST", "/v3/pricelists/assignments",
                "[{\"price_list_id\":" + priceList + ",\"customer_group_id\":" + group + ",\"channel_id\":1}]"));
        assertConforms(priceLists, "/pricelists/assignments", "GET", 200, send("GET", "/v3/pricelists/assignments", null));
        assertConforms(priceLists, "/pricelists/assignments", "POST", 422, send("POST", "/v3/pricelists/assignments",
                "[{\"price_list_id\":" + priceList + ",\"customer_group_id\":" + group + ",\"channel_id\":1},{\"channel_id\":1}]"));
        // the shared definition predates PUT /pricelists/{id}/assignments; its data is an assignment as GET returns one
        HttpResponse<String> upserted = send("PUT", "/v3/pricelists/" + priceList + "/assignments",
                "{\"customer_group_id\":" + group + ",\"channel_id\":2}");
        assertThat(upserted.statusCode()).isEqualTo(200);
        assertThat(priceLists.validateDefinition("/definitions/AssignmentForGetResponse",
                Json.mapper().readTree(upserted.body()).get("data"))).isEmpty();
    }

    // ---------------------------------------------------------------- Orders v2 shipments and cancellation

    @Test
    void shipmentsAndTheShippedOrder() throws Exception {
        int order = store.placeOrder(store.demoOrderBody());
        int line = json(send("GET", "/v2/orders/" + order + "/products", null)).get(0).get("id").asInt();
        String post = "{\"order_address_id\":" + order + ",\"tracking_number\":\"1Z999\",\"shipping_provider\":\"ups\","
                + "\"tracking_carrier\":\"ups\",\"shipping_method\":\"UPS Ground\",\"comments\":\"first box\","
                + "\"items\":[{\"order_product_id\":" + line + ",\"quantity\":1}]}";
        assertRequestConforms(contract, "/orders/{order_id}/shipments", "POST", post);
        HttpResponse<String> created = send("POST", "/v2/orders/" + order + "/shipments", post);
        assertConforms(contract, "/orders/{order_id}/shipments", "POST", 201, created);
        int shipment = json(created).get("id").asInt();

        assertConforms(contract, "/orders/{order_id}/shipments", "GET", 200, send("GET", "/v2/orders/" + order + "/shipments", null));
        assertConforms(contract, "/orders/{order_id}/shipments/{shipment_id}", "GET", 200,
                send("GET", "/v2/orders/" + order + "/shipments/" + shipment, null));
        assertConforms(contract, "/orders/{order_id}/shipments/count", "GET", 200,
                send("GET", "/v2/orders/" + order + "/shipments/count", null));
        String put = "{\"order_address_id\":" + order + ",\"tracking_number\":\"1Z998\",\"shipping_provider\":\"\"}";
        assertRequestConforms(contract, "/orders/{order_id}/shipments/{shipment_id}", "PUT", put);
        assertConforms(contract, "/orders/{order_id}/shipments/{shipment_id}", "PUT", 200,
                send("PUT", "/v2/orders/" + order + "/shipments/" + shipment, put));
        assertConforms(contract, "/orders/{order_id}", "GET", 200, send("GET", "/v2/orders/" + order, null));
        assertConforms(contract, "/orders/{order_id}/products", "GET", 200, send("GET", "/v2/orders/" + order + "/products", null));
        assertConforms(contract, "/orders/{order_id}/shipping_addresses", "GET", 200,
                send("GET", "/v2/orders/" + order + "/shipping_addresses", null));

        String cancel = "{\"status_id\":5}";
        assertRequestConforms(contract, "/orders/{order_id}", "PUT", cancel);
        assertConforms(contract, "/orders/{order_id}", "PUT", 200, send("PUT", "/v2/orders/" + order, cancel));
    }

    @Test
    void theCorrectedOrdersContractStillRejectsABrokenShipment() throws Exception {
        int order = store.placeOrder(store.demoOrderBody());
        int line = json(send("GET", "/v2/orders/" + order + "/products", null)).get(0).get("id").asInt();
        ObjectNode shipment = (ObjectNode) json(send("POST", "/v2/orders/" + order + "/shipments",
                "{\"order_address_id\":" + order + ",\"items\":[{\"order_product_id\":" + line + ",\"quantity\":1}]}"));
        shipment.put("shipping_provider", "dhl");
        shipment.put("order_address_id", "home");
        ((ObjectNode) shipment.get("items").get(0)).put("quantity", "one");

        assertThat(contract.validate("/orders/{order_id}/shipments/{shipment_id}", "GET", 200, "application/json", shipment))
                .extracting(m -> m.getInstanceLocation().toString())
                .contains("$.shipping_provider", "$.order_address_id", "$.items[0].quantity");
        assertThat(contract.validateRequest("/orders/{order_id}/shipments", "POST", "application/json",
                json("{\"order_address_id\":\"home\",\"shipping_provider\":\"dhl\"}"))).hasSize(2);
        assertThat(contract.corrections()).hasSize(3);
    }

    // ---------------------------------------------------------------- Orders v3 refunds

    @Test
    void refundQuotesRefundsAndTheirLists() throws Exception {
        ObjectNode body = store.demoOrderBody();
        body.put("customer_id", 20).put("shipping_cost_ex_tax", "7.50");
        int order = store.placeOrder(body);
        int line = json(send("GET", "/v2/orders/" + order + "/products", null)).get(0).get("id").asInt();
        String items = "\"items\":[{\"item_type\":\"PRODUCT\",\"item_id\":" + line + ",\"quantity\":1,\"reason\":\"Damaged\"},"
                + "{\"item_type\":\"SHIPPING\",\"item_id\":" + order + ",\"amount\":2.5}]";
        assertRequestConforms(refundsContract, "/orders/{order_id}/payment_actions/refund_quotes", "POST", "{" + items + "}");
        HttpResponse<String> quote = send("POST", "/v3/orders/" + order + "/payment_actions/refund_quotes", "{" + items + "}");
        assertConforms(refundsContract, "/orders/{order_id}/payment_actions/refund_quotes", "POST", 201, quote);
        String total = json(quote).at("/data/total_refund_amount").decimalValue().toPlainString();

        String refund = "{" + items + ",\"reason\":\"Damaged in transit\",\"payments\":[{\"provider_id\":\"testgateway\",\"amount\":"
                + total + ",\"offline\":false}]}";
        assertRequestConforms(refundsContract, "/orders/{order_id}/payment_actions/refunds", "POST", refund);
        HttpResponse<String> created = send("POST", "/v3/orders/" + order + "/payment_actions/refunds", refund);
        assertConforms(refundsContract, "/orders/{order_id}/payment_actions/refunds", "POST", 201, created);
        assertConforms(refundsContract, "/orders/{order_id}/payment_actions/refunds", "GET", 200,
                send("GET", "/v3/orders/" + order + "/payment_actions/refunds", null));
        assertConforms(refundsContract, "/orders/payment_actions/refunds", "GET", 200,
                send("GET", "/v3/orders/payment_actions/refunds?order_id:in=" + order + "&created:min=2020-01-15T01%3A02%3A34%2B01%3A00", null));
        // GET /orders/payment_actions/refunds/{refund_id} is younger than the shared definition: its data is a Refund
        JsonNode one = json(send("GET", "/v3/orders/payment_actions/refunds/" + json(created).at("/data/id").asInt(), null));
        assertThat(refundsContract.validateDefinition("/definitions/Refund", one.get("data"))).isEmpty();
        // the refunded order and its products as orders v2 show them
        assertConforms(contract, "/orders/{order_id}", "GET", 200, send("GET", "/v2/orders/" + order, null));
        assertConforms(contract, "/orders/{order_id}/products", "GET", 200, send("GET", "/v2/orders/" + order + "/products", null));
    }

    @Test
    void refundErrorsAndBatches() throws Exception {
        ObjectNode body = store.demoOrderBody();
        body.put("customer_id", 20);
        int order = store.placeOrder(body);
        String everything = "{\"items\":[{\"item_type\":\"ORDER\",\"item_id\":" + order + ",\"amount\":100000}]";
        assertConforms(refundsContract, "/orders/{order_id}/payment_actions/refund_quotes", "POST", 422,
                send("POST", "/v3/orders/" + order + "/payment_actions/refund_quotes", everything + "}"));
        // the definition gives the refund no 422, BigCommerce's current reference does; its body is the quote's ErrorResponse
        HttpResponse<String> refused = send("POST", "/v3/orders/" + order + "/payment_actions/refunds",
                everything + ",\"payments\":[{\"provider_id\":\"custom\",\"amount\":100000}]}");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refundsContract.validateDefinition("/definitions/ErrorResponse", json(refused))).isEmpty();

        String quotes = "[{\"order_id\":" + order + ",\"items\":[{\"item_type\":\"ORDER\",\"item_id\":" + order + ",\"amount\":1}]}]";
        assertRequestConforms(refundsContract, "/orders/payment_actions/refund_quotes", "POST", quotes);
        assertConforms(refundsContract, "/orders/payment_actions/refund_quotes", "POST", 201,
                send("POST", "/v3/orders/payment_actions/refund_quotes", quotes));
        String refunds = "[{\"order_id\":" + order + ",\"items\":[{\"item_type\":\"ORDER\",\"item_id\":" + order + ",\"amount\":1}],"
                + "\"payments\":[{\"provider_id\":\"storecredit\",\"amount\":1,\"offline\":false}]}]";
        assertRequestConforms(refundsContract, "/orders/payment_actions/refunds", "POST", refunds);
        assertConforms(refundsContract, "/orders/payment_actions/refunds", "POST", 201,
                send("POST", "/v3/orders/payment_actions/refunds", refunds));
        String partly = "[" + refunds.substring(1, refunds.length() - 1) + "," + everything.replace("{\"items\"", "{\"order_id\":" + order
                + ",\"items\"") + ",\"payments\":[{\"provider_id\":\"custom\",\"amount\":100000}]}]";
        assertConforms(refundsContract, "/orders/payment_actions/refunds", "POST", 422,
                send("POST", "/v3/orders/payment_actions/refunds", partly));
    }

    @Test
    void theCorrectedRefundsContractStillRejectsABrokenRequest() throws Exception {
        assertThat(refundsContract.validateRequest("/orders/{order_id}/payment_actions/refund_quotes", "POST", "application/json",
                json("{\"order_id\":1}"))).isNotEmpty();
        assertThat(refundsContract.validateRequest("/orders/{order_id}/payment_actions/refund_quotes", "POST", "application/json",
                json("{\"items\":[{\"item_type\":\"FEE\",\"item_id\":1,\"amount\":1}]}"))).isNotEmpty();
        assertThat(refundsContract.corrections()).hasSize(1);
    }

    // ---------------------------------------------------------------- webhook events

    @Test
    void theOrderShipmentAndRefundWebhooksAreTheEventsAsDefined() throws Exception {
        OpenApiContract events = new OpenApiContract(EVENTS);
        try (TestStore own = new TestStore(); WebhookInbox inbox = new WebhookInbox().subscribe(own, "store/order/*", "store/shipment/*")) {
            int order = own.order(20, "Mug:1:10.00");
            int line = TestStore.json(own.get("/v2/orders/" + order + "/products")).get(0).get("id").asInt();
            own.sandbox.createShipment(order, json("{\"order_address_id\":" + order + ",\"items\":[{\"order_product_id\":" + line
                    + ",\"quantity\":1}]}"));
            own.sandbox.refund(order, json("{\"items\":[{\"item_type\":\"ORDER\",\"item_id\":" + order + ",\"amount\":1}],"
                    + "\"payments\":[{\"provider_id\":\"custom\",\"amount\":1}]}"));

            JsonNode shipment = inbox.about("store/shipment/created", order);
            assertThat(events.validateDefinition("/responses/shipment_Resp/schema", shipment)).isEmpty();
            assertSameShape(sample("store_shipment_created.json"), shipment);
            JsonNode status = inbox.about("store/order/statusUpdated", order);
            assertThat(events.validateDefinition("/definitions/callback_Base", status)).isEmpty();
            assertThat(events.validateDefinition("/definitions/order-updated", status.get("data"))).isEmpty();
            assertSameShape(sample("store_order_statusUpdated.json"), status);
            JsonNode refund = inbox.about("store/order/refund/created", order);
            assertThat(events.validateDefinition("/definitions/callback_Base", refund)).isEmpty();
            assertThat(events.validateDefinition("/definitions/refund_created", refund.get("data"))).isEmpty();
            assertSameShape(sample("store_order_refund_created.json"), refund);
            assertSameShape(sample("store_order_updated.json"), inbox.about("store/order/updated", order));
            assertSameShape(sample("store_order_created.json"), inbox.about("store/order/created", order));
        }
    }

    private static JsonNode sample(String file) throws Exception {
        return Json.mapper().readTree(SAMPLES.resolve(file).toFile());
    }

    /** The same fields, nested alike, with the same JSON types, as BigCommerce's sample payload. */
    private static void assertSameShape(JsonNode sample, JsonNode body) {
        assertThat(iterable(body.fieldNames())).as(body.toString()).containsExactlyInAnyOrderElementsOf(iterable(sample.fieldNames()));
        sample.fields().forEachRemaining(e -> {
            JsonNode actual = body.get(e.getKey());
            assertThat(actual.getNodeType()).as(e.getKey() + " in " + body).isEqualTo(e.getValue().getNodeType());
            if (e.getValue().isObject()) {
                assertSameShape(e.getValue(), actual);
            }
        });
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new java.util.ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }

    private static void assertRequestConforms(OpenApiContract spec, String path, String method, String body) throws Exception {
        assertThat(spec.validateRequest(path, method, "application/json", json(body))).as(method + " " + path + " request: " + body).isEmpty();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.mapper().readTree(response.body());
    }

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    private static void assertConforms(OpenApiContract spec, String path, String method, int status, HttpResponse<String> response)
            throws Exception {
        String body = response.body().length() > 1500 ? response.body().substring(0, 1500) + "…" : response.body();
        assertThat(response.statusCode()).as(method + " " + path + ": " + body).isEqualTo(status);
        assertThat(spec.validate(path, method, status, "application/json", Json.mapper().readTree(response.body())))
                .as(method + " " + path + " " + status + ": " + body).isEmpty();
    }

    /** The body has the fields, and field types, of the definition's example. */
    private static void assertSameFields(JsonNode example, HttpResponse<String> response) throws Exception {
        JsonNode body = Json.mapper().readTree(response.body());
        example.fieldNames().forEachRemaining(f -> assertThat(body.has(f)).as(f).isTrue());
        example.fields().forEachRemaining(e -> assertThat(body.get(e.getKey()).getNodeType()).as(e.getKey())
                .isEqualTo(e.getValue().getNodeType()));
    }

    private static HttpResponse<String> send(String method, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(store.apiUrl() + path)).header("X-Auth-Token", "token")
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
