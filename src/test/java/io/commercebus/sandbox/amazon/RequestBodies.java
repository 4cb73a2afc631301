package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.commercebus.support.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The request side of the contract: a request body against the {@code in: body} parameter of an
 * operation in a Swagger 2.0 definition, read as {@link io.commercebus.contract.OpenApiContract} reads
 * response schemas (JSON Schema 2020-12, references inside the definition). The tests send what the
 * bus will send, so the sandbox is exercised with requests Amazon would accept.
 */
final class RequestBodies {

    private final JsonNode spec;
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    RequestBodies(Path definition) throws IOException {
        this.spec = Json.mapper().readTree(definition.toFile());
    }

    /** Problems of a request body for an operation; empty when it conforms. */
    Set<ValidationMessage> validate(String path, String method, JsonNode body) {
        JsonNode operation = spec.path("paths").path(path).path(method.toLowerCase());
        for (JsonNode parameter : operation.path("parameters")) {
            if (parameter.path("in").asText().equals("body")) {
                ObjectNode document = spec.deepCopy();
                document.remove("paths");
                document.putArray("allOf").add(parameter.get("schema"));
                return factory.getSchema(document).validate(body);
            }
        }
        throw new IllegalArgumentException("The definition has no body parameter for " + method + " " + path);
    }
}
