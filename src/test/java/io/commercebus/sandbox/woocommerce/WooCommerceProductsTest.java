package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.SandboxCatalog;
import io.commercebus.support.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Products over real HTTP: the seeded catalogue, CRUD, stock status, unique SKUs, batches and their limit, listing. */
class WooCommerceProductsTest {

    TestStore store;

    @BeforeEach
    void start() {
        store = new TestStore();
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void theDemoCatalogueIsThereAsSimpleProductsManagingTheirStock() throws Exception {
        HttpResponse<String> response = store.get("/products?per_page=100&orderby=id&order=asc");
        JsonNode products = TestStore.json(response);

        assertThat(response.headers().firstValue("X-WP-Total")).hasValue(Integer.toString(SandboxCatalog.PRODUCTS.size()));
        assertThat(products).extracting(p -> p.get("id").asInt(), p -> p.get("sku").asText(), p -> p.get("price").asText())
                .containsExactlyElementsOf(SandboxCatalog.PRODUCTS.stream()
                        .map(p -> tuple(p.id(), p.sku(), p.price().toPlainString())).toList());
        assertThat(products).allSatisfy(p -> {
            assertThat(p.get("type").asText()).isEqualTo("simple");
            assertThat(p.get("status").asText()).isEqualTo("publish");
            assertThat(p.get("manage_stock").asBoolean()).isTrue();
            assertThat(p.get("stock_quantity").asInt()).isPositive();
            assertThat(p.get("stock_status").asText()).isEqualTo("instock");
        });
        JsonNode mug = store.sandbox.productBySku("MUG-11OZ").orElseThrow();
        assertThat(mug.get("id").asInt()).isEqualTo(77);
        assertThat(mug.get("slug").asText()).isEqualTo("coffee-mug-11oz");
        assertThat(mug.get("regular_price").asText()).isEqualTo("12.99");
        assertThat(store.sandbox.stock("MUG-11OZ")).isEqualTo(ProductCatalog.DEMO_STOCK.get("MUG-11OZ"));
        assertThat(store.sandbox.price("MUG-11OZ")).isEqualByComparingTo("12.99");
        assertThat(store.sandbox.stockStatus("MUG-11OZ")).isEqualTo("instock");
    }

    @Test
    void aSimpleProductIsCreatedReadUpdatedTrashedAndDeleted() throws Exception {
        HttpResponse<String> created = store.send("POST", "/products", """
                {"name": "Enamel Pin", "type": "simple", "sku": "PIN-ENAMEL", "regular_price": "6.50",
                 "manage_stock": true, "stock_quantity": 40, "description": "A pin."}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode pin = TestStore.json(created);
        int id = pin.get("id").asInt();
        assertThat(created.headers().firstValue("Location")).hasValue(store.sandbox.baseUrl() + WooCommerceSandbox.API_PATH + "/products/" + id);
        assertThat(pin.get("slug").asText()).isEqualTo("enamel-pin");
        assertThat(pin.get("permalink").asText()).isEqualTo(store.sandbox.baseUrl() + "/product/enamel-pin/");
        assertThat(pin.get("price").asText()).isEqualTo("6.50");
        assertThat(pin.get("stock_quantity").asInt()).isEqualTo(40);
        assertThat(pin.get("stock_status").asText()).isEqualTo("instock");
        // the answer to a write is in the edit context: the description as written
        assertThat(pin.get("description").asText()).isEqualTo("A pin.");
        assertThat(TestStore.json(store.get("/products/" + id)).get("description").asText()).isEqualTo("<p>A pin.</p>\n");

        JsonNode onSale = TestStore.json(store.send("PUT", "/products/" + id, "{\"sale_price\": \"4.99\", \"stock_quantity\": 38}"));
        assertThat(onSale.get("price").asText()).isEqualTo("4.99");
        assertThat(onSale.get("regular_price").asText()).isEqualTo("6.50");
        assertThat(onSale.get("on_sale").asBoolean()).isTrue();
        assertThat(onSale.get("stock_quantity").asInt()).isEqualTo(38);
        assertThat(store.sandbox.price("PIN-ENAMEL")).isEqualByComparingTo("4.99");

        // without force, to the trash: the answer is the product as it was; its SKU is free again
        JsonNode trashed = TestStore.json(store.send("DELETE", "/products/" + id, null));
        assertThat(trashed.get("status").asText()).isEqualTo("publish");
        assertThat(TestStore.json(store.get("/products/" + id)).get("status").asText()).isEqualTo("trash");
        assertThat(TestStore.json(store.get("/products?sku=PIN-ENAMEL"))).isEmpty();
        assertError(store.send("DELETE", "/products/" + id, null), 410, "woocommerce_rest_already_trashed",
                "The product has already been deleted.");
        assertThat(store.send("POST", "/products", "{\"name\": \"Pin again\", \"sku\": \"PIN-ENAMEL\"}").statusCode()).isEqualTo(201);

        HttpResponse<String> deleted = store.send("DELETE", "/products/" + id + "?force=true", null);
        assertThat(deleted.statusCode()).isEqualTo(200);
        assertError(store.get("/products/" + id), 404, "woocommerce_rest_product_invalid_id", "Invalid ID.");
        assertError(store.send("PUT", "/products/" + id, "{\"name\": \"x\"}"), 400, "woocommerce_rest_product_invalid_id", "Invalid ID.");
        assertError(store.send("DELETE", "/products/" + id + "?force=true", null), 404, "woocommerce_rest_product_invalid_id",
                "Invalid ID.");
    }

    @Test
    void stockStatusFollowsTheQuantityWhenTheProductManagesItsStock() throws Exception {
        JsonNode empty = create("{\"name\": \"Empty\", \"regular_price\": \"1\", \"manage_stock\": true, \"stock_quantity\": 0, "
                + "\"stock_status\": \"instock\"}");
        assertThat(empty.get("stock_status").asText()).isEqualTo("outofstock");
        int id = empty.get("id").asInt();

        JsonNode backorders = TestStore.json(store.send("PUT", "/products/" + id, "{\"backorders\": \"notify\"}"));
        assertThat(backorders.get("stock_status").asText()).isEqualTo("onbackorder");
        assertThat(backorders.get("backorders_allowed").asBoolean()).isTrue();
        JsonNode restocked = TestStore.json(store.send("PUT", "/products/" + id, "{\"stock_quantity\": \"7\"}"));
        assertThat(restocked.get("stock_status").asText()).isEqualTo("instock");
        assertThat(restocked.get("stock_quantity").asInt()).isEqualTo(7);

        // without stock management the quantity goes and the status is what the shop manager says
        JsonNode unmanaged = TestStore.json(store.send("PUT", "/products/" + id,
                "{\"manage_stock\": false, \"stock_status\": \"outofstock\", \"stock_quantity\": 12}"));
        assertThat(unmanaged.get("manage_stock").asBoolean()).isFalse();
        assertThat(unmanaged.get("stock_quantity").isNull()).isTrue();
        assertThat(unmanaged.get("stock_status").asText()).isEqualTo("outofstock");
        assertThat(unmanaged.get("backorders").asText()).isEqualTo("no");

        JsonNode managed = create("{\"name\": \"Later\", \"manage_stock\": true}");
        assertThat(managed.get("stock_quantity").isNull()).isTrue();
        assertThat(managed.get("stock_status").asText()).isEqualTo("outofstock");
    }

    @Test
    void aDuplicatedSkuIsRefusedAsWooCommerceRefusesIt() throws Exception {
        HttpResponse<String> duplicate = store.send("POST", "/products", "{\"name\": \"Another mug\", \"sku\": \"MUG-11OZ\"}");
        HttpResponse<String> otherCase = store.send("POST", "/products", "{\"name\": \"Another mug\", \"sku\": \" mug-11oz \"}");
        HttpResponse<String> taken = store.send("PUT", "/products/78", "{\"sku\": \"MUG-11OZ\", \"regular_price\": \"1.00\"}");
        HttpResponse<String> own = store.send("PUT", "/products/77", "{\"sku\": \"MUG-11OZ\"}");

        for (HttpResponse<String> refused : List.of(duplicate, otherCase, taken)) {
            assertError(refused, 400, "product_invalid_sku", "Invalid or duplicated SKU.");
            assertThat(TestStore.json(refused).get("data").get("resource_id").asInt()).isEqualTo(77);
        }
        assertThat(TestStore.json(duplicate).get("data").get("unique_sku").asText()).isEqualTo("MUG-11OZ-1");
        // nothing of a refused write is kept
        assertThat(store.sandbox.price("MUG-15OZ")).isEqualByComparingTo("14.99");
        assertThat(store.sandbox.productCount()).isEqualTo(SandboxCatalog.PRODUCTS.size());
        assertThat(own.statusCode()).isEqualTo(200);
        // variations share the SKUs of products
        int tee = create("""
                {"name": "Tee", "type": "variable", "attributes": [{"name": "Size", "options": ["S", "M"], "variation": true}]}""")
                .get("id").asInt();
        assertError(store.send("POST", "/products/" + tee + "/variations",
                "{\"sku\": \"CAP-ONE\", \"attributes\": [{\"name\": \"Size\", \"option\": \"S\"}]}"), 400, "product_invalid_sku",
                "Invalid or duplicated SKU.");
    }

    @Test
    void aBatchCreatesUpdatesAndDeletesEachObjectOnItsOwn() throws Exception {
        int doomed = create("{\"name\": \"Doomed\", \"sku\": \"DOOMED\"}").get("id").asInt();
        HttpResponse<String> response = store.send("POST", "/products/batch", """
                {"create": [
                   {"name": "Sticker", "sku": "STICKER", "regular_price": 2.5, "manage_stock": "yes", "stock_quantity": "30"},
                   {"name": "Duplicate of a demo product", "sku": "CAP-ONE"},
                   {"name": "Duplicate within the batch", "sku": "sticker"}],
                 "update": [
                   {"id": 77, "regular_price": "13.49", "stock_quantity": 250},
                   {"id": 999999, "regular_price": "1.00"},
                   {"regular_price": "1.00"},
                   {"id": 78, "sku": "SOCKS-3PK"}],
                 "delete": [%d, 999998]}""".formatted(doomed));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode batch = TestStore.json(response);

        JsonNode created = batch.get("create");
        assertThat(created.get(0).get("sku").asText()).isEqualTo("STICKER");
        // a batch object's values are not type-checked: WooCommerce's setters coerce them
        assertThat(created.get(0).get("regular_price").asText()).isEqualTo("2.5");
        assertThat(created.get(0).get("stock_quantity").asInt()).isEqualTo(30);
        for (JsonNode failed : List.of(created.get(1), created.get(2))) {
            assertThat(failed.get("id").asInt()).isZero();
            assertThat(failed.get("error").get("code").asText()).isEqualTo("product_invalid_sku");
            assertThat(failed.get("error").get("message").asText()).isEqualTo("Invalid or duplicated SKU.");
            assertThat(failed.get("error").get("data").get("status").asInt()).isEqualTo(400);
        }
        assertThat(created.get(2).get("error").get("data").get("resource_id").asInt()).isEqualTo(created.get(0).get("id").asInt());
        JsonNode updated = batch.get("update");
        assertThat(updated.get(0).get("price").asText()).isEqualTo("13.49");
        assertThat(updated.get(1).get("id").asInt()).isEqualTo(999999);
        assertThat(updated.get(1).get("error").get("code").asText()).isEqualTo("woocommerce_rest_product_invalid_id");
        assertThat(updated.get(2).get("id").isNull()).isTrue();
        assertThat(updated.get(3).get("error").get("code").asText()).isEqualTo("product_invalid_sku");
        JsonNode deleted = batch.get("delete");
        assertThat(deleted.get(0).get("id").asInt()).isEqualTo(doomed);
        assertThat(deleted.get(1).get("error").get("code").asText()).isEqualTo("woocommerce_rest_product_invalid_id");
        assertThat(deleted.get(1).get("error").get("data").get("status").asInt()).isEqualTo(404);
        // batch deletes are for good
        assertThat(store.get("/products/" + doomed).statusCode()).isEqualTo(404);
        assertThat(store.sandbox.stock("MUG-11OZ")).isEqualTo(250);
        assertThat(store.sandbox.price("MUG-15OZ")).isEqualByComparingTo("14.99");
        assertThat(store.sandbox.operationCount("POST /products/batch")).isEqualTo(1);
        assertThat(store.sandbox.batchSizes("POST /products/batch")).containsExactly(9);
        // an empty batch answers PHP's empty array
        assertThat(store.send("POST", "/products/batch", "{\"create\": []}").body()).isEqualTo("[]");
    }

    @Test
    void aBatchOfMoreThanAHundredObjectsIsRefusedWhole() throws Exception {
        HttpResponse<String> tooMany = store.send("POST", "/products/batch", batchOf(60, 41));
        assertError(tooMany, 413, "woocommerce_rest_request_entity_too_large", "Unable to accept more than 100 items for this request.");
        assertThat(store.sandbox.productCount()).isEqualTo(SandboxCatalog.PRODUCTS.size());

        HttpResponse<String> hundred = store.send("PUT", "/products/batch", batchOf(60, 40));
        assertThat(hundred.statusCode()).as(hundred.body()).isEqualTo(200);
        assertThat(TestStore.json(hundred).get("create")).hasSize(60).allSatisfy(p -> assertThat(p.has("error")).isFalse());
        assertThat(store.sandbox.productCount()).isEqualTo(SandboxCatalog.PRODUCTS.size() + 60);
        assertThat(store.sandbox.batchSizes("PUT /products/batch")).containsExactly(100);
        assertThat(store.sandbox.stats()).containsEntry("batchesRefused", 1L);

        int tee = variable("BATCH-TEE");
        ArrayNode creates = Json.mapper().createArrayNode();
        for (int i = 0; i < 101; i++) {
            creates.addObject().put("sku", "BATCH-TEE-" + i).put("regular_price", "5");
        }
        assertError(store.send("POST", "/products/" + tee + "/variations/batch", "{\"create\": " + creates + "}"), 413,
                "woocommerce_rest_request_entity_too_large", "Unable to accept more than 100 items for this request.");
        assertThat(store.sandbox.operationCount("POST /products/{product_id}/variations/batch")).isEqualTo(1);
        assertThat(store.sandbox.batchSizes("POST /products/{product_id}/variations/batch")).isEmpty();
    }

    @Test
    void singleRequestsAreCheckedAgainstTheRouteSchema() throws Exception {
        HttpResponse<String> numbers = store.send("POST", "/products", "{\"name\": \"N\", \"regular_price\": 12.5, \"stock_quantity\": \"many\"}");
        assertError(numbers, 400, "rest_invalid_param", "Invalid parameter(s): regular_price, stock_quantity");
        assertThat(TestStore.json(numbers).get("data").get("params").get("regular_price").asText())
                .isEqualTo("regular_price is not of type string.");
        assertError(store.send("POST", "/products", "{\"type\": \"bundle\"}"), 400, "rest_invalid_param", "Invalid parameter(s): type");
        assertThat(TestStore.json(store.send("POST", "/products", "{\"type\": \"bundle\"}")).get("data").get("params").get("type").asText())
                .isEqualTo("type is not one of simple, grouped, external, and variable.");
        assertError(store.send("PUT", "/products/77", "{\"stock_status\": \"available\"}"), 400, "rest_invalid_param",
                "Invalid parameter(s): stock_status");
        assertError(store.get("/products?type=bundle"), 400, "rest_invalid_param", "Invalid parameter(s): type");
        assertError(store.send("POST", "/products/batch", "{\"create\": {\"name\": \"x\"}}"), 400, "rest_invalid_param",
                "Invalid parameter(s): create");
        assertError(store.send("DELETE", "/products/77?force=perhaps", null), 400, "rest_invalid_param", "Invalid parameter(s): force");
        assertError(store.send("DELETE", "/products", null), 404, "rest_no_route", "No route was found matching the URL and request method.");
        assertError(store.get("/products/batch"), 404, "rest_no_route", "No route was found matching the URL and request method.");
        HttpResponse<String> anonymous = store.send(store.request("/products/batch").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertError(anonymous, 401, "woocommerce_rest_cannot_batch", "Sorry, you are not allowed to batch manipulate this resource.");
    }

    @Test
    void variableProductsAndTheirVariations() throws Exception {
        JsonNode tee = create("""
                {"name": "Logo Tee", "type": "variable", "sku": "TEE-LOGO", "regular_price": "99",
                 "attributes": [{"name": "Size", "options": ["S", "M", "L"], "variation": true, "visible": true},
                                {"name": "Fabric", "options": "Cotton | Linen", "position": 1}],
                 "default_attributes": [{"name": "Size", "option": "M"}]}""");
        int teeId = tee.get("id").asInt();
        assertThat(tee.get("regular_price").asText()).as("a variable product has no price of its own").isEmpty();
        assertThat(tee.get("price").asText()).isEmpty();
        assertThat(tee.get("stock_status").asText()).isEqualTo("outofstock");
        assertThat(tee.get("attributes").get(1).get("options")).extracting(JsonNode::asText).containsExactly("Cotton", "Linen");
        assertThat(tee.get("default_attributes").get(0).get("option").asText()).isEqualTo("M");

        HttpResponse<String> small = store.send("POST", "/products/" + teeId + "/variations", """
                {"sku": "TEE-LOGO-S", "regular_price": "18.00", "manage_stock": true, "stock_quantity": 5,
                 "attributes": [{"name": "size", "option": "S"}, {"name": "Colour", "option": "Red"}]}""");
        assertThat(small.statusCode()).as(small.body()).isEqualTo(201);
        JsonNode s = TestStore.json(small);
        // WooCommerce builds this Location from its route pattern
        assertThat(small.headers().firstValue("Location").orElseThrow()).endsWith("/products/(?P<product_id>[\\d]+)/variations/"
                + s.get("id").asInt());
        assertThat(s.get("attributes")).hasSize(1);
        assertThat(s.get("attributes").get(0).get("name").asText()).isEqualTo("Size");
        assertThat(s.get("attributes").get(0).get("option").asText()).isEqualTo("S");
        assertThat(s.get("permalink").asText()).endsWith("/product/logo-tee/?attribute_size=S");
        assertThat(s.get("image").isNull()).isTrue();
        assertThat(s.get("stock_status").asText()).isEqualTo("instock");
        JsonNode m = TestStore.json(store.send("POST", "/products/" + teeId + "/variations",
                "{\"sku\": \"TEE-LOGO-M\", \"regular_price\": \"16.00\", \"attributes\": [{\"name\": \"Size\", \"option\": \"M\"}]}"));

        JsonNode parent = TestStore.json(store.get("/products/" + teeId));
        assertThat(parent.get("variations")).extracting(JsonNode::asInt).containsExactly(s.get("id").asInt(), m.get("id").asInt());
        assertThat(parent.get("price").asText()).isEqualTo("16.00");
        assertThat(parent.get("stock_status").asText()).isEqualTo("instock");
        assertThat(store.sandbox.variationBySku("TEE-LOGO-S").orElseThrow().get("id").asInt()).isEqualTo(s.get("id").asInt());
        assertThat(store.sandbox.productBySku("TEE-LOGO-S")).isEmpty();
        assertThat(store.sandbox.stock("TEE-LOGO-S")).isEqualTo(5);

        JsonNode updated = TestStore.json(store.send("PUT", "/products/" + teeId + "/variations/" + s.get("id").asInt(),
                "{\"stock_quantity\": 0, \"sale_price\": \"15.00\"}"));
        assertThat(updated.get("stock_status").asText()).isEqualTo("outofstock");
        assertThat(updated.get("price").asText()).isEqualTo("15.00");
        assertError(store.send("PUT", "/products/77/variations/" + s.get("id").asInt(), "{\"regular_price\": \"1\"}"), 403,
                "woocommerce_rest_cannot_edit", "Parent product does not match current variation.");
        assertError(store.send("PUT", "/products/" + s.get("id").asInt(), "{\"regular_price\": \"1\"}"), 404,
                "woocommerce_rest_invalid_product_id",
                "To manipulate product variations you should use the /products/&lt;product_id&gt;/variations/&lt;id&gt; endpoint.");
        assertError(store.get("/products/" + teeId + "/variations/77"), 404, "woocommerce_rest_product_variation_invalid_id", "Invalid ID.");

        HttpResponse<String> batch = store.send("POST", "/products/" + teeId + "/variations/batch", """
                {"create": [{"sku": "TEE-LOGO-L", "regular_price": "20.00", "attributes": [{"name": "Size", "option": "L"}]},
                            {"sku": "TEE-LOGO-M", "regular_price": "20.00"}],
                 "update": [{"id": %d, "manage_stock": true, "stock_quantity": 12}],
                 "delete": [%d]}""".formatted(s.get("id").asInt(), m.get("id").asInt()));
        JsonNode answer = TestStore.json(batch);
        assertThat(answer.get("create").get(0).get("sku").asText()).isEqualTo("TEE-LOGO-L");
        assertThat(answer.get("create").get(1).get("error").get("code").asText()).isEqualTo("product_invalid_sku");
        assertThat(answer.get("update").get(0).get("stock_status").asText()).isEqualTo("instock");
        assertThat(answer.get("delete").get(0).get("sku").asText()).isEqualTo("TEE-LOGO-M");
        assertThat(store.sandbox.variationBySku("TEE-LOGO-M")).isEmpty();

        JsonNode list = TestStore.json(store.get("/products/" + teeId + "/variations?orderby=id&order=asc"));
        assertThat(list).extracting(v -> v.get("sku").asText()).containsExactly("TEE-LOGO-S", "TEE-LOGO-L");
        JsonNode trashed = TestStore.json(store.send("DELETE", "/products/" + teeId + "/variations/" + s.get("id").asInt(), null));
        assertThat(trashed.get("sku").asText()).isEqualTo("TEE-LOGO-S");
        assertThat(TestStore.json(store.get("/products/" + teeId)).get("variations")).hasSize(1);
        // deleting the variable product for good takes its variations with it
        store.send("DELETE", "/products/" + teeId + "?force=true", null);
        assertThat(store.sandbox.variationBySku("TEE-LOGO-L")).isEmpty();
        assertThat(TestStore.json(store.get("/products/" + teeId + "/variations"))).isEmpty();
    }

    @Test
    void productsAreListedBySkusTypeStatusSearchAndPages() throws Exception {
        int tee = variable("LIST-TEE");
        store.send("POST", "/products/" + tee + "/variations",
                "{\"sku\": \"LIST-TEE-S\", \"regular_price\": \"9.00\", \"attributes\": [{\"name\": \"Size\", \"option\": \"S\"}]}");
        create("{\"name\": \"Draft poster\", \"sku\": \"DRAFT-1\", \"status\": \"draft\"}");

        // a comma-separated list of SKUs finds each, variations included
        JsonNode bySkus = TestStore.json(store.get("/products?sku=MUG-11OZ,CAP-ONE,LIST-TEE-S,NO-SUCH&orderby=id&order=asc"));
        assertThat(bySkus).extracting(p -> p.get("sku").asText(), p -> p.get("type").asText())
                .containsExactly(tuple("MUG-11OZ", "simple"), tuple("CAP-ONE", "simple"), tuple("LIST-TEE-S", "variation"));
        assertThat(bySkus.get(2).get("parent_id").asInt()).isEqualTo(tee);
        assertThat(bySkus.get(2).get("name").asText()).isEqualTo("List tee - S");
        assertThat(TestStore.json(store.get("/products?sku=cap-one"))).hasSize(1);
        assertThat(TestStore.json(store.get("/products?include=97,77,81&orderby=include"))).extracting(p -> p.get("id").asInt())
                .containsExactly(97, 77, 81);
        assertThat(TestStore.json(store.get("/products?type=variable"))).extracting(p -> p.get("id").asInt()).containsExactly(tee);
        assertThat(TestStore.json(store.get("/products?status=draft"))).extracting(p -> p.get("sku").asText()).containsExactly("DRAFT-1");
        assertThat(TestStore.json(store.get("/products?search=mug"))).extracting(p -> p.get("sku").asText())
                .containsExactlyInAnyOrder("MUG-11OZ", "MUG-15OZ");
        assertThat(TestStore.json(store.get("/products?per_page=100"))).hasSize(SandboxCatalog.PRODUCTS.size() + 2);

        List<Integer> seen = new ArrayList<>();
        HttpResponse<String> first = store.get("/products?per_page=5&orderby=id&order=asc");
        assertThat(first.headers().firstValue("X-WP-Total")).hasValue("12");
        assertThat(first.headers().firstValue("X-WP-TotalPages")).hasValue("3");
        assertThat(first.headers().firstValue("Link").orElse("")).contains("page=2").contains("rel=\"next\"");
        for (int page = 1; page <= 3; page++) {
            TestStore.json(store.get("/products?per_page=5&orderby=id&order=asc&page=" + page)).forEach(p -> seen.add(p.get("id").asInt()));
        }
        assertThat(seen).hasSize(12).doesNotHaveDuplicates().isSorted();
        assertThat(TestStore.json(store.get("/products?per_page=5&page=4"))).isEmpty();
        // newest first by default; the seeded products share a date, so the id decides
        assertThat(TestStore.json(store.get("/products?per_page=100"))).extracting(p -> p.get("id").asInt())
                .isSortedAccordingTo((a, b) -> b - a);
    }

    @Test
    void requestsAreCountedPerOperation() throws Exception {
        store.get("/products?sku=MUG-11OZ");
        store.get("/products/77");
        store.send("PUT", "/products/77", "{\"stock_quantity\": 10}");
        store.send("POST", "/products/batch", "{\"update\": [{\"id\": 77, \"stock_quantity\": 9}, {\"id\": 78, \"stock_quantity\": 9}]}");
        store.send("POST", "/products/batch", "{\"update\": [{\"id\": 81, \"regular_price\": \"45.00\"}]}");
        store.get("/orders");

        assertThat(store.sandbox.operations()).containsEntry("GET /products", 1L).containsEntry("GET /products/{id}", 1L)
                .containsEntry("PUT /products/{id}", 1L).containsEntry("POST /products/batch", 2L).containsEntry("GET /orders", 1L);
        assertThat(store.sandbox.batchSizes("POST /products/batch")).containsExactly(2, 1);
        URI stats = URI.create("http://127.0.0.1:" + store.sandbox.port() + "/sandbox/stats");
        JsonNode json = TestStore.json(store.send(HttpRequest.newBuilder(stats).build()));
        assertThat(json.get("operations").get("POST /products/batch").asInt()).isEqualTo(2);
        assertThat(json.get("batches").get("POST /products/batch").get("objects").asInt()).isEqualTo(3);
        assertThat(json.get("batches").get("POST /products/batch").get("largest").asInt()).isEqualTo(2);
        assertThat(json.get("products").asInt()).isEqualTo(SandboxCatalog.PRODUCTS.size());
        store.sandbox.resetStats();
        assertThat(store.sandbox.operations()).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    private JsonNode create(String body) throws Exception {
        HttpResponse<String> response = store.send("POST", "/products", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return TestStore.json(response);
    }

    /** A variable product with a Size attribute for variations. */
    private int variable(String sku) throws Exception {
        String name = sku.charAt(0) + sku.substring(1).toLowerCase().replace('-', ' ');
        return create("{\"name\": \"" + name + "\", \"type\": \"variable\", \"sku\": \"" + sku + "\", "
                + "\"attributes\": [{\"name\": \"Size\", \"options\": [\"S\", \"M\", \"L\"], \"variation\": true}]}").get("id").asInt();
    }

    /** A batch creating {@code creates} products and updating {@code updates} times the demo mug. */
    private static String batchOf(int creates, int updates) {
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode create = body.putArray("create");
        for (int i = 0; i < creates; i++) {
            create.addObject().put("name", "Bulk " + i).put("sku", "BULK-" + i).put("regular_price", "1.00");
        }
        ArrayNode update = body.putArray("update");
        for (int i = 0; i < updates; i++) {
            update.addObject().put("id", 77).put("stock_quantity", 100 + i);
        }
        return body.toString();
    }

    static void assertError(HttpResponse<String> response, int status, String code, String message) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = TestStore.json(response);
        assertThat(body.get("code").asText()).as(response.body()).isEqualTo(code);
        assertThat(body.get("message").asText()).isEqualTo(message);
        assertThat(body.get("data").get("status").asInt()).isEqualTo(status);
    }
}
