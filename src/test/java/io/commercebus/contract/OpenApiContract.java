package io.commercebus.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates bodies against the response and request schemas of a published OpenAPI (3.x) or Swagger
 * (2.0) definition. Schemas are read as JSON Schema 2020-12, which is what OpenAPI 3.1 uses: marketplaces' definitions mix 3.1 idioms
 * (type lists such as [string, 'null']) into 3.0 documents, and 2020-12 reads them as written.
 * References resolve inside the definition itself.
 *
 * <p>A property marked {@code x-nullable: true} (Swagger 2.0's vendor extension) or {@code nullable: true}
 * (OpenAPI 3.0) also takes null, as the definition says. Where a definition contradicts itself (its
 * schema says one thing, its own descriptions and examples another), a test may {@link #correct} the
 * schema at one place, saying why; {@link #corrections()} lists what was corrected.
 */
public final class OpenApiContract {

    /** A correction of the definition: where, what it now says, and why. */
    public record Correction(String pointer, JsonNode schema, String why) {
    }

    private final ObjectNode spec;
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();
    private final List<Correction> corrections = new ArrayList<>();

    public OpenApiContract(Path definition) throws IOException {
        ObjectMapper mapper = definition.toString().endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        this.spec = (ObjectNode) mapper.readTree(definition.toFile());
        nullables(spec);
    }

    /**
     * Replaces the schema at {@code pointer} (a JSON pointer into the definition, e.g.
     * {@code /definitions/product_Full/allOf/2/properties/variants}) with {@code schema}, for a defect the
     * definition's own text or examples show; {@code why} says which.
     */
    public OpenApiContract correct(String pointer, String schema, String why) throws IOException {
        JsonNode replacement = new ObjectMapper().readTree(schema);
        int cut = pointer.lastIndexOf('/');
        JsonNode parent = spec.at(pointer.substring(0, cut));
        if (!(parent instanceof ObjectNode) || !parent.has(pointer.substring(cut + 1))) {
            throw new IllegalArgumentException("The definition has nothing at " + pointer + " to correct");
        }
        ((ObjectNode) parent).set(pointer.substring(cut + 1), replacement);
        corrections.add(new Correction(pointer, replacement, why));
        compiled.clear();
        return this;
    }

    public List<Correction> corrections() {
        return List.copyOf(corrections);
    }

    /** Problems of a response body for an operation and status; empty when it conforms. */
    public Set<ValidationMessage> validate(String path, String method, int status, String contentType, JsonNode body) {
        JsonNode response = response(path, method, status);
        // Swagger 2.0 puts the schema on the response; OpenAPI 3 under content/<media type>
        JsonNode schema = response.has("schema") ? resolve(response.get("schema"))
                : resolve(response.path("content").path(contentType).path("schema"));
        if (schema.isMissingNode()) {
            throw new IllegalArgumentException("The definition has no " + contentType + " schema for " + method + " " + path);
        }
        String key = method + " " + path + " " + status + " " + contentType;
        return compiled.computeIfAbsent(key, k -> compile(schema)).validate(body);
    }

    /**
     * Problems of a request body for an operation; empty when it conforms. The schema is OpenAPI 3's
     * {@code requestBody} for the media type, or Swagger 2.0's {@code in: body} parameter.
     */
    public Set<ValidationMessage> validateRequest(String path, String method, String contentType, JsonNode body) {
        JsonNode operation = spec.path("paths").path(path).path(method.toLowerCase());
        if (operation.isMissingNode()) {
            throw new IllegalArgumentException("The definition has no operation " + method + " " + path);
        }
        JsonNode schema = resolve(operation.path("requestBody")).path("content").path(contentType).path("schema");
        for (JsonNode parameter : operation.path("parameters")) {
            if (resolve(parameter).path("in").asText().equals("body")) {
                schema = resolve(parameter).get("schema");
            }
        }
        if (schema.isMissingNode()) {
            throw new IllegalArgumentException("The definition has no " + contentType + " request body for " + method + " " + path);
        }
        JsonNode resolved = resolve(schema);
        String key = "request " + method + " " + path + " " + contentType;
        return compiled.computeIfAbsent(key, k -> compile(resolved)).validate(body);
    }

    /** Problems of a body against a schema of the definition named by its pointer, e.g. {@code /definitions/error_Base}. */
    public Set<ValidationMessage> validateDefinition(String pointer, JsonNode body) {
        JsonNode schema = spec.at(pointer);
        if (schema.isMissingNode()) {
            throw new IllegalArgumentException("The definition has no schema at " + pointer);
        }
        return compiled.computeIfAbsent(pointer, k -> compile(schema)).validate(body);
    }

    /** The example the definition gives for a response (Swagger 2.0 {@code examples}, OpenAPI 3 {@code example}). */
    public JsonNode example(String path, String method, int status, String contentType) {
        JsonNode response = response(path, method, status);
        JsonNode example = response.path("examples").path(contentType);
        if (example.isMissingNode()) {
            example = response.path("content").path(contentType).path("example");
        }
        if (example.isMissingNode()) {
            throw new IllegalArgumentException("The definition has no " + contentType + " example for " + status + " of " + method + " " + path);
        }
        return example;
    }

    private JsonNode response(String path, String method, int status) {
        JsonNode response = spec.path("paths").path(path).path(method.toLowerCase()).path("responses").path(Integer.toString(status));
        if (response.isMissingNode()) {
            throw new IllegalArgumentException("The definition has no " + status + " response for " + method + " " + path);
        }
        return resolve(response);
    }

    private JsonSchema compile(JsonNode schema) {
        // the whole definition is the schema's document, so that #/components/... references resolve
        ObjectNode document = spec.deepCopy();
        document.remove("paths");
        document.putArray("allOf").add(schema);
        return factory.getSchema(document);
    }

    private JsonNode resolve(JsonNode node) {
        while (node.has("$ref") && node.get("$ref").asText().startsWith("#/")) {
            node = spec.at(node.get("$ref").asText().substring(1));
        }
        return node;
    }

    /** {@code x-nullable: true} / {@code nullable: true} with {@code type: T} becomes {@code type: [T, 'null']} (and null joins its enum). */
    private static void nullables(JsonNode node) {
        if (node instanceof ObjectNode object) {
            boolean nullable = object.path("x-nullable").asBoolean(false) || object.path("nullable").isBoolean() && object.get("nullable").asBoolean();
            if (nullable && object.path("type").isTextual()) {
                ArrayNode types = object.arrayNode().add(object.get("type").asText()).add("null");
                object.set("type", types);
                if (object.path("enum").isArray()) {
                    ((ArrayNode) object.get("enum")).addNull();
                }
            }
            object.forEach(OpenApiContract::nullables);
        } else if (node instanceof ArrayNode array) {
            array.forEach(OpenApiContract::nullables);
        }
    }
}
