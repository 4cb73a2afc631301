package io.commercebus.contract;

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
 * A JSON Schema (2020-12) on the test classpath, written from an API's reference where the vendor
 * publishes no schema file, checked one of its {@code $defs} at a time.
 */
public final class JsonSchemaFile {

    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final JsonNode document;

    public JsonSchemaFile(String resource) throws IOException {
        try (InputStream in = JsonSchemaFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no schema " + resource + " on the test classpath");
            }
            document = Json.mapper().readTree(in);
        }
    }

    /** Problems of a body against one of the schema's {@code $defs}; empty when it conforms. */
    public Set<ValidationMessage> validate(String definition, JsonNode body) {
        if (!document.path("$defs").has(definition)) {
            throw new IllegalArgumentException("the schema has no definition " + definition);
        }
        ObjectNode schema = document.deepCopy();
        schema.put("$ref", "#/$defs/" + definition);
        return factory.getSchema(schema).validate(body);
    }

    public JsonNode document() {
        return document;
    }
}
