package io.commercebus.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Validates bodies against the response schemas of a published OpenAPI (3.x) or Swagger (2.0) definition. Schemas are read
 * as JSON Schema 2020-12, which is what OpenAPI 3.1 uses: marketplaces' definitions mix 3.1 idioms
 * (type lists such as [string, 'null']) into 3.0 documents, and 2020-12 reads them as written.
 * References resolve inside the definition itself.
 */
public final class OpenApiContract {

    private final JsonNode spec;
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    public OpenApiContract(Path definition) throws IOException {
        ObjectMapper mapper = definition.toString().endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        this.spec = mapper.readTree(definition.toFile());
    }

    /** Problems of a response body for an operation and status; empty when it conforms. */
    public Set<ValidationMessage> validate(String path, String method, int status, String contentType, JsonNode body) {
        JsonNode response = spec.path("paths").path(path).path(method.toLowerCase()).path("responses").path(Integer.toString(status));
        if (response.isMissingNode()) {
            throw new IllegalArgumentException("The definition has no " + status + " response for " + method + " " + path);
        }
        response = resolve(response);
        // Swagger 2.0 puts the schema on the response; OpenAPI 3 under content/<media type>
        JsonNode schema = response.has("schema") ? resolve(response.get("schema"))
                : resolve(response.path("content").path(contentType).path("schema"));
        if (schema.isMissingNode()) {
            throw new IllegalArgumentException("The definition has no " + contentType + " schema for " + method + " " + path);
        }
        // the whole definition is the schema's document, so that #/components/... references resolve
        ObjectNode document = spec.deepCopy();
        document.remove("paths");
        document.putArray("allOf").add(schema);
        JsonSchema jsonSchema = factory.getSchema(document);
        return jsonSchema.validate(body);
    }

    private JsonNode resolve(JsonNode node) {
        while (node.has("$ref") && node.get("$ref").asText().startsWith("#/")) {
            node = spec.at(node.get("$ref").asText().substring(1));
        }
        return node;
    }
}
