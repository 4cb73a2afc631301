package io.commercebus.it;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.support.Json;

/** {@code POST /v2/orders} bodies for tests. */
final class Orders {

    private Orders() {
    }

    static ObjectNode order(String email, String firstName, int... productIdAndQuantity) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("customer_id", 0);
        ObjectNode billing = body.putObject("billing_address");
        billing.put("first_name", firstName);
        billing.put("last_name", "Tester");
        billing.put("street_1", "1 Test Street");
        billing.put("city", "Austin");
        billing.put("state", "TX");
        billing.put("zip", "78701");
        billing.put("country", "United States");
        billing.put("country_iso2", "US");
        billing.put("phone", "5125550100");
        billing.put("email", email);
        ArrayNode products = body.putArray("products");
        for (int i = 0; i + 1 < productIdAndQuantity.length; i += 2) {
            products.addObject().put("product_id", productIdAndQuantity[i]).put("quantity", productIdAndQuantity[i + 1]);
        }
        body.put("shipping_method", "UPS Ground");
        body.put("shipping_cost_ex_tax", "11.2000");
        return body;
    }

    /** A line for a product NetSuite does not know. */
    static ObjectNode withCustomProduct(ObjectNode body, String sku, String name, String price) {
        ((ArrayNode) body.get("products")).addObject().put("name", name).put("sku", sku).put("quantity", 1)
                .put("price_ex_tax", price).put("price_inc_tax", price);
        return body;
    }
}
