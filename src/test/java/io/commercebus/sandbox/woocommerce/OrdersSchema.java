package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.commercebus.support.Json;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * The JSON Schema written from the property tables of WooCommerce's REST API v3 documentation (WooCommerce
 * publishes no schema file), src/test/resources/woocommerce/orders.schema.json, one definition at a time.
 */
final class OrdersSchema {

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final JsonNode document;

    OrdersSchema() throws IOException {
        try (InputStream in = OrdersSchema.class.getResourceAsStream("/woocommerce/orders.schema.json")) {
            document = Json.mapper().readTree(in);
        }
    }

    /** Problems of a body against one of the schema's $defs (order, orderList, webhook, error); empty when it conforms. */
    Set<ValidationMessage> validate(String definition, JsonNode body) {
        if (!document.path("$defs").has(definition)) {
            throw new IllegalArgumentException("the schema has no definition " + definition);
        }
        ObjectNode schema = document.deepCopy();
        schema.put("$ref", "#/$defs/" + definition);
        return factory.getSchema(schema).validate(body);
    }

    /** The schema document itself. */
    JsonNode document() {
        return document;
    }
}
