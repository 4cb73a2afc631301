package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.SandboxCatalog;
import io.commercebus.sandbox.bigcommerce.Api.ApiException;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The simulated store's catalogue in the shapes of BigCommerce's Catalog API v3: products, their
 * variants, options and option values.
 *
 * <p>As in BigCommerce, a simple product has one <em>base variant</em>, which is the product itself
 * seen as a variant (its SKU, prices, weight and stock are the product's), and a product with options
 * has one variant per combination of option values instead, and no base variant. A SKU belongs to
 * one product or variant of the store: using it for another is a 409 naming who has it.
 *
 * <p>Changes are checked in full before any is made, so a refused request, single or batch, changes
 * nothing. Callers hold the catalogue's lock ({@code synchronized (catalog)}) around reads that span
 * several calls.
 */
final class Catalog {

    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);
    /** BigCommerce's limit of SKUs per product. */
    static final int MAX_VARIANTS = 600;

    /** A product: its writable fields, and either a base variant or its option variants. */
    static final class Product {
        final int id;
        final ObjectNode fields;
        Instant created;
        Instant modified;
        Variant base;
        final List<Variant> variants = new ArrayList<>();
        final List<Option> options = new ArrayList<>();

        Product(int id, ObjectNode fields, Instant created) {
            this.id = id;
            this.fields = fields;
            this.created = created;
            this.modified = created;
        }

        /** The base variant of a simple product, else the option variants. */
        List<Variant> allVariants() {
            return base != null ? List.of(base) : variants;
        }

        String sku() {
            return fields.path("sku").asText("");
        }

        String name() {
            return fields.path("name").asText("");
        }
    }

    /** A variant; a base variant keeps only what a product has no field for (purchasing_disabled, image_url). */
    static final class Variant {
        final int id;
        final int productId;
        final boolean base;
        final Integer skuId;
        final ObjectNode fields;
        /** option id, option value id pairs. */
        final List<int[]> optionValues = new ArrayList<>();

        Variant(int id, int productId, boolean base, Integer skuId, ObjectNode fields) {
            this.id = id;
            this.productId = productId;
            this.base = base;
            this.skuId = skuId;
            this.fields = fields;
        }
    }

    /** A variant option (Color, Size) of one product and its values. */
    static final class Option {
        final int id;
        final int productId;
        final String name;
        final ObjectNode fields;
        final List<OptionValue> values = new ArrayList<>();

        Option(int id, int productId, String name, ObjectNode fields) {
            this.id = id;
            this.productId = productId;
            this.name = name;
            this.fields = fields;
        }

        String displayName() {
            return fields.path("display_name").asText();
        }
    }

    /** An option value (Blue, Large). */
    static final class OptionValue {
        final int id;
        final ObjectNode fields;

        OptionValue(int id, ObjectNode fields) {
            this.id = id;
            this.fields = fields;
        }

        String label() {
            return fields.path("label").asText();
        }
    }

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Clock clock;
    private final Map<Integer, Product> products = new TreeMap<>();
    private final Map<Integer, Variant> variants = new HashMap<>();
    /** Who carries each SKU and name (lower case), kept by {@link #reindex}: conflicts are found without a scan. */
    private final Map<String, String> skuOwners = new HashMap<>();
    private final Map<String, Integer> nameOwners = new HashMap<>();
    private final Map<Integer, Map<String, String>> indexedSkus = new HashMap<>();
    private final Map<Integer, String> indexedNames = new HashMap<>();
    private Consumer<Collection<Integer>> variantsRemoved = ids -> { };
    private int nextProductId = 1;
    private int nextVariantId = 1;
    private int nextOptionId = 1;
    private int nextValueId = 1;
    private int nextSkuId = 1;
    private Instant last = Instant.EPOCH;

    Catalog(Clock clock) {
        this.clock = clock;
    }

    /** Told the ids of variants that went away (deleted, or a base variant replaced by option variants). */
    void onVariantsRemoved(Consumer<Collection<Integer>> listener) {
        this.variantsRemoved = listener;
    }

    /** The demo catalogue: one simple product per entry, its base variant numbered as the product. */
    synchronized void seed(List<SandboxCatalog.Product> demo) {
        products.clear();
        variants.clear();
        clearIndex();
        Instant now = tick();
        for (SandboxCatalog.Product d : demo) {
            ObjectNode fields = defaults(d.name());
            fields.put("sku", d.sku());
            fields.put("price", d.price());
            fields.put("weight", 1);
            fields.put("inventory_level", 100);
            fields.put("inventory_tracking", "product");
            Product p = new Product(d.id(), fields, now);
            p.base = new Variant(d.id(), d.id(), true, null, nodes.objectNode());
            products.put(p.id, p);
            variants.put(p.base.id, p.base);
            reindex(p);
        }
        nextProductId = demo.stream().mapToInt(SandboxCatalog.Product::id).max().orElse(0) + 1;
        nextVariantId = Math.max(200, nextProductId);
        nextOptionId = 100;
        nextValueId = 100;
        nextSkuId = 300;
    }

    // ---------------------------------------------------------------- reading

    synchronized List<Product> products() {
        return List.copyOf(products.values());
    }

    synchronized Optional<Product> product(int id) {
        return Optional.ofNullable(products.get(id));
    }

    synchronized Product requireProduct(int id) {
        Product p = products.get(id);
        if (p == null) {
            throw Api.notFound("Product " + id + " does not exist");
        }
        return p;
    }

    synchronized Optional<Variant> variant(int id) {
        return Optional.ofNullable(variants.get(id));
    }

    /** Every variant: base variants of simple products and option variants, by product then id. */
    synchronized List<Variant> variants() {
        List<Variant> out = new ArrayList<>();
        products.values().forEach(p -> out.addAll(p.allVariants()));
        return out;
    }

    synchronized Optional<Variant> variantBySku(String sku) {
        String owner = skuOwners.get(sku.toLowerCase(Locale.ROOT));
        if (owner == null) {
            return Optional.empty();
        }
        int id = Integer.parseInt(owner.substring(1));
        return Optional.ofNullable(owner.startsWith("v") ? variants.get(id) : products.get(id).base);
    }

    /** The product whose own SKU, or one of whose variants' SKU, this is. */
    synchronized Optional<Product> productBySku(String sku) {
        String owner = skuOwners.get(sku.toLowerCase(Locale.ROOT));
        if (owner == null) {
            return Optional.empty();
        }
        int id = Integer.parseInt(owner.substring(1));
        return Optional.of(owner.startsWith("v") ? productOf(variants.get(id)) : products.get(id));
    }

    synchronized int productCount() {
        return products.size();
    }

    synchronized int variantCount() {
        return variants.size();
    }

    synchronized Product productOf(Variant v) {
        return products.get(v.productId);
    }

    synchronized String sku(Variant v) {
        return v.base ? productOf(v).sku() : v.fields.path("sku").asText("");
    }

    // ---------------------------------------------------------------- products

    /** {@code POST /catalog/products}, with inline variants (and the options they name) for a product with options. */
    synchronized Product create(JsonNode body) {
        requireObject(body, "product");
        Map<String, String> errors = new LinkedHashMap<>();
        for (String required : List.of("name", "type", "weight", "price")) {
            if (!body.hasNonNull(required)) {
                errors.put(required, required + " is required");
            }
        }
        errors.putAll(Fields.check(body, Fields.PRODUCT));
        JsonNode inline = body.path("variants");
        List<JsonNode> optionVariants = new ArrayList<>();
        JsonNode baseVariant = null;
        if (!inline.isMissingNode() && !inline.isNull()) {
            if (!inline.isArray()) {
                errors.put("variants", "variants must be an array");
            } else {
                for (int i = 0; i < inline.size(); i++) {
                    JsonNode v = inline.get(i);
                    Map<String, String> problems = variantProblems(v, "variants[" + i + "]", true);
                    errors.putAll(problems);
                    if (problems.isEmpty() && v.path("option_values").isArray() && !v.path("option_values").isEmpty()) {
                        optionVariants.add(v);
                    } else if (problems.isEmpty()) {
                        baseVariant = v;
                    }
                }
                if (baseVariant != null && !optionVariants.isEmpty() || optionVariants.isEmpty() && inline.size() > 1) {
                    errors.put("variants", "variants without option_values can only describe the base variant of a simple product");
                }
                if (optionVariants.size() > MAX_VARIANTS) {
                    errors.put("variants", "a product has at most " + MAX_VARIANTS + " variants");
                }
            }
        }
        if (!errors.isEmpty()) {
            throw Api.invalid(errors);
        }
        String name = body.get("name").asText();
        checkName(name, 0, Map.of());
        Map<String, String> pending = new LinkedHashMap<>();
        String sku = body.path("sku").asText("");
        if (baseVariant != null && baseVariant.hasNonNull("sku")) {
            sku = baseVariant.get("sku").asText();
        }
        checkSku(sku, "new", pending, "The product sku is a duplicate", "sku");
        pending.put("new", sku);
        Set<String> combinations = new LinkedHashSet<>();
        for (int i = 0; i < optionVariants.size(); i++) {
            JsonNode v = optionVariants.get(i);
            checkSku(v.get("sku").asText(), "new" + i, pending, "The product sku is a duplicate", "variants[" + i + "].sku");
            pending.put("new" + i, v.get("sku").asText());
            List<String> combination = new ArrayList<>();
            for (JsonNode ov : v.get("option_values")) {
                combination.add(ov.path("option_display_name").asText().toLowerCase(Locale.ROOT) + "=" + ov.path("label").asText().toLowerCase(Locale.ROOT));
            }
            combination.sort(null);
            if (!combinations.add(String.join("&", combination))) {
                throw new ApiException(409, Api.v3(409, "Two variants have the same option values",
                        Map.of("variants[" + i + "].option_values", "the option values of another variant of this product")));
            }
        }

        Instant now = tick();
        ObjectNode fields = defaults(name);
        Fields.apply(fields, body, Fields.PRODUCT);
        Product p = new Product(nextProductId++, fields, now);
        products.put(p.id, p);
        if (optionVariants.isEmpty()) {
            p.base = newBase(p);
            if (baseVariant != null) {
                writeVariant(p.base, baseVariant);
            }
        } else {
            for (JsonNode v : optionVariants) {
                addOptionVariant(p, v);
            }
        }
        reindex(p);
        return p;
    }

    /** {@code PUT /catalog/products/{id}}: the product's fields and, by id, its variants' ({@code variants}). */
    synchronized Product update(int id, JsonNode body) {
        Product p = requireProduct(id);
        prepareUpdate(p, body, new LinkedHashMap<>(), new HashMap<>(), "").run();
        return p;
    }

    /** {@code PUT /catalog/products} (batch): every product is checked before any is changed. */
    synchronized List<Product> update(JsonNode batch) {
        if (!batch.isArray()) {
            throw Api.invalid("", "the body must be an array of products");
        }
        Map<String, String> pendingSkus = new LinkedHashMap<>();
        Map<Integer, String> pendingNames = new HashMap<>();
        List<Runnable> changes = new ArrayList<>();
        List<Product> changed = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            JsonNode item = batch.get(i);
            requireObject(item, "product");
            if (!item.path("id").isIntegralNumber()) {
                throw Api.invalid("[" + i + "].id", "id is required on a batch product update");
            }
            Product p = products.get(item.get("id").asInt());
            if (p == null) {
                throw Api.notFound("Product " + item.get("id").asInt() + " does not exist");
            }
            changes.add(prepareUpdate(p, item, pendingSkus, pendingNames, "[" + i + "]."));
            changed.add(p);
        }
        changes.forEach(Runnable::run);
        return changed;
    }

    private Runnable prepareUpdate(Product p, JsonNode body, Map<String, String> pendingSkus, Map<Integer, String> pendingNames,
                                   String prefix) {
        requireObject(body, "product");
        Map<String, String> errors = new LinkedHashMap<>();
        Fields.check(body, Fields.PRODUCT).forEach((k, v) -> errors.put(prefix + k, v));
        JsonNode inline = body.path("variants");
        if (!inline.isMissingNode() && !inline.isNull() && !inline.isArray()) {
            errors.put(prefix + "variants", "variants must be an array");
        }
        if (!errors.isEmpty()) {
            throw Api.invalid(errors);
        }
        if (body.hasNonNull("name")) {
            checkName(body.get("name").asText(), p.id, pendingNames);
            pendingNames.put(p.id, body.get("name").asText());
        }
        if (body.hasNonNull("sku")) {
            checkSku(body.get("sku").asText(), key(p), pendingSkus, "The product sku is a duplicate", prefix + "sku");
            pendingSkus.put(key(p), body.get("sku").asText());
        }
        List<Runnable> variantChanges = new ArrayList<>();
        if (inline.isArray()) {
            for (int i = 0; i < inline.size(); i++) {
                JsonNode v = inline.get(i);
                String at = prefix + "variants[" + i + "]";
                if (!v.path("id").isIntegralNumber()) {
                    throw Api.invalid(at + ".id", "id is required to update a variant with its product");
                }
                Variant variant = variants.get(v.get("id").asInt());
                if (variant == null || variant.productId != p.id) {
                    throw Api.notFound("Variant " + v.get("id").asInt() + " of product " + p.id + " does not exist");
                }
                variantChanges.add(prepareVariantUpdate(variant, v, pendingSkus, at + "."));
            }
        }
        return () -> {
            Fields.apply(p.fields, body, Fields.PRODUCT);
            variantChanges.forEach(Runnable::run);
            p.modified = tick();
            reindex(p);
        };
    }

    /** Deletes products; their variants' price records go with them. */
    synchronized void delete(Collection<Integer> ids) {
        List<Integer> gone = new ArrayList<>();
        for (int id : ids) {
            Product p = products.remove(id);
            if (p != null) {
                unindex(p);
                for (Variant v : p.allVariants()) {
                    variants.remove(v.id);
                    gone.add(v.id);
                }
            }
        }
        if (!gone.isEmpty()) {
            variantsRemoved.accept(gone);
        }
    }

    // ---------------------------------------------------------------- variants

    /** {@code POST /catalog/products/{id}/variants}: sku and option_values (ids, or display name and label). */
    synchronized Variant createVariant(int productId, JsonNode body) {
        Product p = requireProduct(productId);
        return prepareCreateVariant(p, body, new LinkedHashMap<>(), "new", "").get();
    }

    private Supplier<Variant> prepareCreateVariant(Product p, JsonNode body, Map<String, String> pending,
                                                                      String key, String prefix) {
        requireObject(body, "variant");
        Map<String, String> errors = new LinkedHashMap<>();
        variantProblems(body, prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1), true)
                .forEach(errors::put);
        if (!body.path("option_values").isArray() || body.path("option_values").isEmpty()) {
            errors.put(prefix + "option_values", "option_values are required to create a variant");
        }
        if (p.variants.size() >= MAX_VARIANTS) {
            errors.put(prefix + "sku", "a product has at most " + MAX_VARIANTS + " variants");
        }
        if (!errors.isEmpty()) {
            throw Api.invalid(errors);
        }
        List<int[]> resolved = new ArrayList<>();
        for (JsonNode ov : body.get("option_values")) {
            if (ov.has("id") && ov.has("option_id")) {
                Option o = p.options.stream().filter(x -> x.id == ov.get("option_id").asInt()).findFirst().orElse(null);
                OptionValue value = o == null ? null : o.values.stream().filter(x -> x.id == ov.get("id").asInt()).findFirst().orElse(null);
                if (value == null) {
                    throw Api.invalid(prefix + "option_values", "option value " + ov.get("id").asInt() + " of option "
                            + ov.get("option_id").asInt() + " does not exist on product " + p.id);
                }
                resolved.add(new int[] {o.id, value.id});
            }
        }
        if (resolved.size() == body.get("option_values").size()) {
            for (Variant other : p.variants) {
                if (sameCombination(other.optionValues, resolved)) {
                    throw new ApiException(409, Api.v3(409, "A variant with these option values already exists",
                            Map.of(prefix + "option_values", "the option values of variant " + other.id)));
                }
            }
        }
        String sku = body.get("sku").asText();
        checkSku(sku, key, pending, "The variant sku is a duplicate", prefix + "sku");
        pending.put(key, sku);
        return () -> {
            Variant v = addOptionVariant(p, body);
            p.modified = tick();
            reindex(p);
            return v;
        };
    }

    /** {@code PUT /catalog/products/{id}/variants/{variant_id}}. */
    synchronized Variant updateVariant(int productId, int variantId, JsonNode body) {
        Variant v = requireVariant(productId, variantId);
        prepareVariantUpdate(v, body, new LinkedHashMap<>(), "").run();
        return v;
    }

    /**
     * {@code PUT /catalog/variants}: updates (with {@code id}) and creations (with {@code product_id},
     * {@code sku}, {@code option_values}). Every item is checked first; one failing item fails the
     * batch, 422 with an error per failing item.
     */
    synchronized List<Variant> batchVariants(JsonNode batch) {
        if (!batch.isArray()) {
            throw Api.invalid("", "the body must be an array of variants");
        }
        Map<String, String> pending = new LinkedHashMap<>();
        List<Supplier<Variant>> changes = new ArrayList<>();
        ArrayNode batchErrors = nodes.arrayNode();
        for (int i = 0; i < batch.size(); i++) {
            JsonNode item = batch.get(i);
            String prefix = "[" + i + "].";
            try {
                requireObject(item, "variant");
                if (item.hasNonNull("id")) {
                    Variant v = item.get("id").isIntegralNumber() ? variants.get(item.get("id").asInt()) : null;
                    if (v == null) {
                        throw Api.notFound("Variant " + item.get("id").asText() + " does not exist");
                    }
                    if (item.hasNonNull("product_id") && item.path("product_id").asInt() != v.productId) {
                        throw Api.invalid(prefix + "product_id", "variant " + v.id + " belongs to product " + v.productId);
                    }
                    Runnable update = prepareVariantUpdate(v, item, pending, prefix);
                    changes.add(() -> {
                        update.run();
                        return v;
                    });
                } else if (item.hasNonNull("product_id")) {
                    Product p = item.get("product_id").isIntegralNumber() ? products.get(item.get("product_id").asInt()) : null;
                    if (p == null) {
                        throw Api.notFound("Product " + item.get("product_id").asText() + " does not exist");
                    }
                    changes.add(prepareCreateVariant(p, item, pending, "new" + i, prefix));
                } else {
                    throw Api.invalid(prefix + "id",
                            "id (to update a variant) or product_id, sku and option_values (to create one) are required");
                }
            } catch (ApiException e) {
                ObjectNode error = ((ObjectNode) e.body).deepCopy();
                error.put("title", "Item " + i + (item.hasNonNull("id") ? " (variant " + item.get("id").asText() + ")" : "")
                        + ": " + error.path("title").asText());
                batchErrors.add(error);
            }
        }
        if (!batchErrors.isEmpty()) {
            ObjectNode body = nodes.objectNode();
            body.set("batch_errors", batchErrors);
            throw new ApiException(422, body);
        }
        List<Variant> done = new ArrayList<>();
        changes.forEach(c -> done.add(c.get()));
        return done;
    }

    private Runnable prepareVariantUpdate(Variant v, JsonNode body, Map<String, String> pending, String prefix) {
        requireObject(body, "variant");
        Map<String, String> errors = variantProblems(body, prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1), false);
        if (!errors.isEmpty()) {
            throw Api.invalid(errors);
        }
        Product p = productOf(v);
        if (body.hasNonNull("sku")) {
            String key = v.base ? key(p) : "v" + v.id;
            checkSku(body.get("sku").asText(), key, pending, "The variant sku is a duplicate", prefix + "sku");
            pending.put(key, body.get("sku").asText());
        }
        return () -> {
            writeVariant(v, body);
            p.modified = tick();
            reindex(p);
        };
    }

    /** Deletes an option variant; a product left without variants is simple again, with a new base variant. */
    synchronized void deleteVariant(int productId, int variantId) {
        Variant v = requireVariant(productId, variantId);
        if (v.base) {
            throw Api.invalid("variant_id", "the base variant of a simple product cannot be deleted; delete the product");
        }
        Product p = productOf(v);
        removeVariants(p, List.of(v));
    }

    Variant requireVariant(int productId, int variantId) {
        Product p = requireProduct(productId);
        Variant v = variants.get(variantId);
        if (v == null || v.productId != p.id) {
            throw Api.notFound("Variant " + variantId + " of product " + productId + " does not exist");
        }
        return v;
    }

    // ---------------------------------------------------------------- options and values

    /** {@code POST /catalog/products/{id}/options}: display_name, type and at least one value. */
    synchronized Option createOption(int productId, JsonNode body) {
        Product p = requireProduct(productId);
        requireObject(body, "option");
        Map<String, String> errors = optionProblems(body, true);
        if (!errors.isEmpty()) {
            throw Api.invalid(errors);
        }
        String displayName = body.get("display_name").asText();
        if (p.options.stream().anyMatch(o -> o.displayName().equalsIgnoreCase(displayName))) {
            throw new ApiException(409, Api.v3(409, "The option display name is a duplicate",
                    Map.of("display_name", "product " + p.id + " already has an option '" + displayName + "'")));
        }
        Option o = newOption(p, displayName, body.get("type").asText());
        if (body.has("sort_order")) {
            o.fields.set("sort_order", body.get("sort_order"));
        }
        if (body.path("config").isObject()) {
            o.fields.set("config", body.get("config").deepCopy());
        }
        for (JsonNode value : body.get("option_values")) {
            o.values.add(newValue(value));
        }
        p.modified = tick();
        return o;
    }

    synchronized Option updateOption(int productId, int optionId, JsonNode body) {
        Option o = requireOption(productId, optionId);
        requireObject(body, "option");
        Map<String, String> errors = optionProblems(body, false);
        if (!errors.isEmpty()) {
            throw Api.invalid(errors);
        }
        Product p = products.get(productId);
        if (body.hasNonNull("display_name")) {
            String displayName = body.get("display_name").asText();
            if (p.options.stream().anyMatch(x -> x != o && x.displayName().equalsIgnoreCase(displayName))) {
                throw new ApiException(409, Api.v3(409, "The option display name is a duplicate",
                        Map.of("display_name", "product " + p.id + " already has an option '" + displayName + "'")));
            }
            o.fields.put("display_name", displayName);
        }
        for (String field : List.of("type", "sort_order")) {
            if (body.hasNonNull(field)) {
                o.fields.set(field, body.get(field));
            }
        }
        if (body.path("config").isObject()) {
            o.fields.set("config", body.get("config").deepCopy());
        }
        if (body.path("option_values").isArray()) {
            for (JsonNode value : body.get("option_values")) {
                OptionValue existing = value.has("id") ? o.values.stream().filter(x -> x.id == value.get("id").asInt()).findFirst().orElse(null) : null;
                if (existing != null) {
                    writeValue(existing, value);
                } else {
                    o.values.add(newValue(value));
                }
            }
        }
        p.modified = tick();
        return o;
    }

    /** Deletes an option and the variants made with it. */
    synchronized void deleteOption(int productId, int optionId) {
        Option o = requireOption(productId, optionId);
        Product p = products.get(productId);
        p.options.remove(o);
        removeVariants(p, p.variants.stream().filter(v -> v.optionValues.stream().anyMatch(ov -> ov[0] == o.id)).toList());
    }

    synchronized OptionValue createValue(int productId, int optionId, JsonNode body) {
        Option o = requireOption(productId, optionId);
        requireObject(body, "option value");
        Map<String, String> errors = valueProblems(body, "", true);
        if (!errors.isEmpty()) {
            throw Api.invalid(errors);
        }
        if (o.values.stream().anyMatch(v -> v.label().equalsIgnoreCase(body.get("label").asText()))) {
            throw Api.invalid("label", "option " + o.id + " already has a value '" + body.get("label").asText() + "'");
        }
        OptionValue value = newValue(body);
        o.values.add(value);
        products.get(productId).modified = tick();
        return value;
    }

    synchronized OptionValue updateValue(int productId, int optionId, int valueId, JsonNode body) {
        OptionValue value = requireValue(productId, optionId, valueId);
        requireObject(body, "option value");
        Map<String, String> errors = valueProblems(body, "", false);
        if (!errors.isEmpty()) {
            throw Api.invalid(errors);
        }
        writeValue(value, body);
        products.get(productId).modified = tick();
        return value;
    }

    /** Deletes an option value and the variants made with it. */
    synchronized void deleteValue(int productId, int optionId, int valueId) {
        OptionValue value = requireValue(productId, optionId, valueId);
        Option o = requireOption(productId, optionId);
        o.values.remove(value);
        Product p = products.get(productId);
        removeVariants(p, p.variants.stream().filter(v -> v.optionValues.stream().anyMatch(ov -> ov[1] == value.id)).toList());
    }

    synchronized Option requireOption(int productId, int optionId) {
        Product p = requireProduct(productId);
        return p.options.stream().filter(o -> o.id == optionId).findFirst()
                .orElseThrow(() -> Api.notFound("Option " + optionId + " of product " + productId + " does not exist"));
    }

    synchronized OptionValue requireValue(int productId, int optionId, int valueId) {
        return requireOption(productId, optionId).values.stream().filter(v -> v.id == valueId).findFirst()
                .orElseThrow(() -> Api.notFound("Option value " + valueId + " of option " + optionId + " does not exist"));
    }

    // ---------------------------------------------------------------- rendering

    /** A product as {@code product_Full}, with the sub-resources asked for ({@code variants}, {@code options}). */
    synchronized ObjectNode render(Product p, Set<String> include) {
        ObjectNode out = nodes.objectNode();
        out.put("id", p.id);
        out.setAll(p.fields.deepCopy());
        BigDecimal price = p.fields.path("price").decimalValue();
        BigDecimal sale = p.fields.path("sale_price").decimalValue();
        out.put("calculated_price", sale.signum() > 0 ? sale : price);
        if (p.base == null && "variant".equals(p.fields.path("inventory_tracking").asText())) {
            long total = 0;
            for (Variant v : p.variants) {
                total += v.fields.path("inventory_level").asLong(0);
            }
            out.put("inventory_level", total);
        }
        out.put("date_created", DATE.format(p.created));
        out.put("date_modified", DATE.format(p.modified));
        if (p.base != null) {
            out.put("base_variant_id", p.base.id);
        } else {
            out.putNull("base_variant_id");
        }
        if (include.contains("variants")) {
            ArrayNode list = out.putArray("variants");
            p.allVariants().forEach(v -> list.add(render(v)));
        }
        if (include.contains("options")) {
            ArrayNode list = out.putArray("options");
            p.options.forEach(o -> list.add(render(o)));
        }
        return out;
    }

    /** A variant as {@code productVariant_Full}: null prices are the product's, as {@code calculated_price} shows. */
    synchronized ObjectNode render(Variant v) {
        Product p = productOf(v);
        ObjectNode own = v.base ? mirrored(p) : v.fields;
        ObjectNode out = nodes.objectNode();
        out.put("id", v.id);
        out.put("product_id", v.productId);
        out.put("sku", sku(v));
        if (v.skuId == null) {
            out.putNull("sku_id");
        } else {
            out.put("sku_id", v.skuId);
        }
        for (String field : List.of("price", "sale_price", "retail_price", "map_price", "weight", "width", "height", "depth",
                "fixed_cost_shipping_price", "cost_price")) {
            out.set(field, own.has(field) ? own.get(field).deepCopy() : nodes.nullNode());
        }
        BigDecimal price = own.hasNonNull("price") ? own.get("price").decimalValue() : p.fields.path("price").decimalValue();
        BigDecimal sale = own.hasNonNull("sale_price") ? own.get("sale_price").decimalValue() : p.fields.path("sale_price").decimalValue();
        out.put("calculated_price", sale.signum() > 0 ? sale : price);
        out.set("calculated_weight", own.hasNonNull("weight") ? own.get("weight").deepCopy() : p.fields.path("weight").deepCopy());
        out.put("is_free_shipping", own.path("is_free_shipping").asBoolean(false));
        out.put("purchasing_disabled", v.fields.path("purchasing_disabled").asBoolean(false));
        out.put("purchasing_disabled_message", v.fields.path("purchasing_disabled_message").asText(""));
        out.put("image_url", v.fields.path("image_url").asText(""));
        out.set("upc", own.has("upc") ? own.get("upc").deepCopy() : nodes.textNode(""));
        out.put("mpn", own.path("mpn").asText(""));
        out.put("gtin", own.path("gtin").asText(""));
        out.set("inventory_level", own.has("inventory_level") ? own.get("inventory_level").deepCopy() : nodes.numberNode(0));
        out.set("inventory_warning_level", own.has("inventory_warning_level") ? own.get("inventory_warning_level").deepCopy() : nodes.numberNode(0));
        out.set("bin_picking_number", own.has("bin_picking_number") ? own.get("bin_picking_number").deepCopy() : nodes.textNode(""));
        ArrayNode values = out.putArray("option_values");
        for (int[] ov : v.optionValues) {
            Option o = p.options.stream().filter(x -> x.id == ov[0]).findFirst().orElse(null);
            OptionValue value = o == null ? null : o.values.stream().filter(x -> x.id == ov[1]).findFirst().orElse(null);
            if (value != null) {
                values.addObject().put("id", value.id).put("label", value.label()).put("option_id", o.id)
                        .put("option_display_name", o.displayName());
            }
        }
        return out;
    }

    /** An option as {@code productOption_Full}. */
    synchronized ObjectNode render(Option o) {
        ObjectNode out = nodes.objectNode();
        out.put("id", o.id);
        out.put("product_id", o.productId);
        out.put("name", o.name);
        out.setAll(o.fields.deepCopy());
        ArrayNode values = out.putArray("option_values");
        o.values.forEach(v -> values.add(render(v)));
        return out;
    }

    synchronized ObjectNode render(OptionValue v) {
        ObjectNode out = nodes.objectNode();
        out.put("id", v.id);
        out.setAll(v.fields.deepCopy());
        return out;
    }

    /** The base variant's values, which are the product's. */
    private ObjectNode mirrored(Product p) {
        ObjectNode own = nodes.objectNode();
        for (String field : Fields.MIRRORED) {
            if (p.fields.has(field) && !field.equals("sku")) {
                own.set(field, p.fields.get(field));
            }
        }
        return own;
    }

    // ---------------------------------------------------------------- state file

    synchronized ObjectNode snapshot() {
        ObjectNode out = nodes.objectNode();
        out.put("nextProductId", nextProductId);
        out.put("nextVariantId", nextVariantId);
        out.put("nextOptionId", nextOptionId);
        out.put("nextValueId", nextValueId);
        out.put("nextSkuId", nextSkuId);
        ArrayNode list = out.putArray("products");
        for (Product p : products.values()) {
            ObjectNode entry = list.addObject();
            entry.put("id", p.id);
            entry.set("fields", p.fields);
            entry.put("created", p.created.toString());
            entry.put("modified", p.modified.toString());
            if (p.base != null) {
                entry.putObject("base").put("id", p.base.id).set("fields", p.base.fields);
            }
            ArrayNode vs = entry.putArray("variants");
            for (Variant v : p.variants) {
                ObjectNode ve = vs.addObject().put("id", v.id).put("skuId", v.skuId);
                ve.set("fields", v.fields);
                ArrayNode ovs = ve.putArray("optionValues");
                v.optionValues.forEach(ov -> ovs.addArray().add(ov[0]).add(ov[1]));
            }
            ArrayNode os = entry.putArray("options");
            for (Option o : p.options) {
                ObjectNode oe = os.addObject().put("id", o.id).put("name", o.name);
                oe.set("fields", o.fields);
                ArrayNode values = oe.putArray("values");
                o.values.forEach(v -> values.addObject().put("id", v.id).set("fields", v.fields));
            }
        }
        return out;
    }

    synchronized void restore(JsonNode snapshot) {
        products.clear();
        variants.clear();
        clearIndex();
        nextProductId = snapshot.path("nextProductId").asInt(1);
        nextVariantId = snapshot.path("nextVariantId").asInt(1);
        nextOptionId = snapshot.path("nextOptionId").asInt(1);
        nextValueId = snapshot.path("nextValueId").asInt(1);
        nextSkuId = snapshot.path("nextSkuId").asInt(1);
        for (JsonNode entry : snapshot.path("products")) {
            Product p = new Product(entry.get("id").asInt(), (ObjectNode) entry.get("fields"), Instant.parse(entry.get("created").asText()));
            p.modified = Instant.parse(entry.get("modified").asText());
            if (p.modified.isAfter(last)) {
                last = p.modified;
            }
            if (entry.path("base").isObject()) {
                p.base = new Variant(entry.get("base").get("id").asInt(), p.id, true, null, (ObjectNode) entry.get("base").get("fields"));
                variants.put(p.base.id, p.base);
            }
            for (JsonNode oe : entry.path("options")) {
                Option o = new Option(oe.get("id").asInt(), p.id, oe.get("name").asText(), (ObjectNode) oe.get("fields"));
                for (JsonNode ve : oe.path("values")) {
                    o.values.add(new OptionValue(ve.get("id").asInt(), (ObjectNode) ve.get("fields")));
                }
                p.options.add(o);
            }
            for (JsonNode ve : entry.path("variants")) {
                Variant v = new Variant(ve.get("id").asInt(), p.id, false, ve.hasNonNull("skuId") ? ve.get("skuId").asInt() : null,
                        (ObjectNode) ve.get("fields"));
                for (JsonNode ov : ve.path("optionValues")) {
                    v.optionValues.add(new int[] {ov.get(0).asInt(), ov.get(1).asInt()});
                }
                p.variants.add(v);
                variants.put(v.id, v);
            }
            products.put(p.id, p);
            reindex(p);
        }
    }

    // ---------------------------------------------------------------- helpers

    private ObjectNode defaults(String name) {
        ObjectNode f = nodes.objectNode();
        f.put("name", name);
        f.put("type", "physical");
        f.put("sku", "");
        f.put("description", "");
        for (String n : List.of("weight", "width", "depth", "height", "price", "cost_price", "retail_price", "sale_price", "map_price")) {
            f.put(n, 0);
        }
        f.put("tax_class_id", 0);
        f.put("product_tax_code", "");
        f.putArray("categories");
        f.put("brand_id", 0);
        f.put("option_set_display", "right");
        f.put("inventory_level", 0);
        f.put("inventory_warning_level", 0);
        f.put("inventory_tracking", "none");
        f.put("reviews_rating_sum", 0);
        f.put("reviews_count", 0);
        f.put("total_sold", 0);
        f.put("fixed_cost_shipping_price", 0);
        f.put("is_free_shipping", false);
        f.put("is_visible", true);
        f.put("is_featured", false);
        f.putArray("related_products");
        f.put("warranty", "");
        f.put("bin_picking_number", "");
        f.put("layout_file", "product.html");
        f.put("upc", "");
        f.put("mpn", "");
        f.put("gtin", "");
        f.put("search_keywords", "");
        f.put("availability", "available");
        f.put("availability_description", "");
        f.put("gift_wrapping_options_type", "any");
        f.putArray("gift_wrapping_options_list");
        f.put("sort_order", 0);
        f.put("condition", "New");
        f.put("is_condition_shown", false);
        f.put("order_quantity_minimum", 0);
        f.put("order_quantity_maximum", 0);
        f.put("page_title", "");
        f.putArray("meta_keywords");
        f.put("meta_description", "");
        f.put("view_count", 0);
        f.putNull("preorder_release_date");
        f.put("preorder_message", "");
        f.put("is_preorder_only", false);
        f.put("is_price_hidden", false);
        f.put("price_hidden_label", "");
        f.putObject("custom_url").put("url", "/" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-|-$)", "") + "/").put("is_customized", false);
        f.put("open_graph_type", "product");
        f.put("open_graph_title", "");
        f.put("open_graph_description", "");
        f.put("open_graph_use_meta_description", true);
        f.put("open_graph_use_product_name", true);
        f.put("open_graph_use_image", true);
        return f;
    }

    private Variant newBase(Product p) {
        Variant base = new Variant(nextVariantId++, p.id, true, null, nodes.objectNode());
        variants.put(base.id, base);
        return base;
    }

    /** Adds a variant of a product with options, creating the options and values it names by display name and label. */
    private Variant addOptionVariant(Product p, JsonNode body) {
        if (p.base != null) {
            Variant base = p.base;
            variants.remove(base.id);
            p.base = null;
            variantsRemoved.accept(List.of(base.id));
        }
        Variant v = new Variant(nextVariantId++, p.id, false, nextSkuId++, nodes.objectNode());
        for (JsonNode ov : body.get("option_values")) {
            Option o;
            OptionValue value;
            if (ov.has("id") && ov.has("option_id")) {
                o = p.options.stream().filter(x -> x.id == ov.get("option_id").asInt()).findFirst().orElseThrow();
                value = o.values.stream().filter(x -> x.id == ov.get("id").asInt()).findFirst().orElseThrow();
            } else {
                String displayName = ov.path("option_display_name").asText();
                o = p.options.stream().filter(x -> x.displayName().equalsIgnoreCase(displayName)).findFirst()
                        .orElseGet(() -> newOption(p, displayName, "dropdown"));
                String label = ov.path("label").asText();
                value = o.values.stream().filter(x -> x.label().equalsIgnoreCase(label)).findFirst().orElseGet(() -> {
                    ObjectNode fields = nodes.objectNode().put("label", label).put("sort_order", o.values.size());
                    OptionValue created = newValue(fields);
                    o.values.add(created);
                    return created;
                });
            }
            v.optionValues.add(new int[] {o.id, value.id});
        }
        v.fields.put("sku", body.get("sku").asText());
        for (String field : List.of("price", "sale_price", "retail_price", "map_price", "weight", "width", "height", "depth",
                "fixed_cost_shipping_price", "cost_price")) {
            v.fields.putNull(field);
        }
        v.fields.put("upc", "");
        v.fields.put("inventory_level", 0);
        v.fields.put("inventory_warning_level", 0);
        v.fields.put("bin_picking_number", "");
        writeVariant(v, body);
        p.variants.add(v);
        variants.put(v.id, v);
        return v;
    }

    /** Writes variant fields; a base variant writes the product's own. */
    private void writeVariant(Variant v, JsonNode body) {
        Product p = productOf(v);
        for (Fields.Field f : Fields.VARIANT) {
            if (!body.has(f.name())) {
                continue;
            }
            JsonNode value = Fields.value(f, body.get(f.name()));
            if (v.base && Fields.MIRRORED.contains(f.name())) {
                if (!value.isNull()) {
                    p.fields.set(f.name(), value.deepCopy());
                }
            } else {
                v.fields.set(f.name(), value.deepCopy());
            }
        }
    }

    private void removeVariants(Product p, List<Variant> gone) {
        if (gone.isEmpty()) {
            return;
        }
        List<Integer> ids = new ArrayList<>();
        for (Variant v : gone) {
            p.variants.remove(v);
            variants.remove(v.id);
            ids.add(v.id);
        }
        if (p.variants.isEmpty() && p.base == null) {
            p.base = newBase(p);
        }
        p.modified = tick();
        reindex(p);
        variantsRemoved.accept(ids);
    }

    private Option newOption(Product p, String displayName, String type) {
        ObjectNode fields = nodes.objectNode();
        fields.put("display_name", displayName);
        fields.put("type", type);
        fields.put("sort_order", p.options.size());
        fields.putObject("config");
        // BigCommerce names an option after its display name, a timestamp and the product
        Option o = new Option(nextOptionId++, p.id, displayName + clock.instant().getEpochSecond() + "-" + p.id, fields);
        p.options.add(o);
        return o;
    }

    private OptionValue newValue(JsonNode body) {
        OptionValue value = new OptionValue(nextValueId++, nodes.objectNode());
        value.fields.put("label", body.path("label").asText());
        value.fields.put("sort_order", body.path("sort_order").asInt(0));
        value.fields.putNull("value_data");
        value.fields.put("is_default", false);
        writeValue(value, body);
        return value;
    }

    private void writeValue(OptionValue value, JsonNode body) {
        if (body.hasNonNull("label")) {
            value.fields.put("label", body.get("label").asText());
        }
        if (body.hasNonNull("sort_order")) {
            value.fields.put("sort_order", body.get("sort_order").asInt());
        }
        if (body.has("value_data")) {
            value.fields.set("value_data", body.get("value_data").deepCopy());
        }
        if (body.hasNonNull("is_default")) {
            value.fields.put("is_default", body.get("is_default").asBoolean());
        }
    }

    private Map<String, String> variantProblems(JsonNode v, String at, boolean create) {
        Map<String, String> errors = new LinkedHashMap<>();
        String prefix = at.isEmpty() ? "" : at + ".";
        if (!v.isObject()) {
            errors.put(at.isEmpty() ? "variant" : at, "a variant must be an object");
            return errors;
        }
        Fields.check(v, Fields.VARIANT).forEach((k, m) -> errors.put(prefix + k, m));
        boolean withOptions = v.path("option_values").isArray() && !v.path("option_values").isEmpty();
        if (create && withOptions && !v.hasNonNull("sku")) {
            errors.put(prefix + "sku", "sku is required to create a variant");
        }
        if (v.has("option_values") && !v.get("option_values").isArray()) {
            errors.put(prefix + "option_values", "option_values must be an array");
        } else if (create) {
            int i = 0;
            for (JsonNode ov : v.path("option_values")) {
                boolean byId = ov.path("id").isIntegralNumber() && ov.path("option_id").isIntegralNumber();
                boolean byLabel = ov.path("option_display_name").isTextual() && !ov.get("option_display_name").asText().isBlank()
                        && ov.path("label").isTextual() && !ov.get("label").asText().isBlank();
                if (!byId && !byLabel) {
                    errors.put(prefix + "option_values[" + i + "]", "an option value needs id and option_id, or option_display_name and label");
                }
                i++;
            }
        }
        return errors;
    }

    private Map<String, String> optionProblems(JsonNode body, boolean create) {
        Map<String, String> errors = new LinkedHashMap<>();
        Fields.Field displayName = new Fields.Field("display_name", Fields.Kind.STRING, false, 1L, 255, null);
        Fields.Field type = Fields.Field.oneOf("type", "radio_buttons", "rectangles", "dropdown", "product_list",
                "product_list_with_images", "swatch");
        for (Fields.Field f : List.of(displayName, type, Fields.Field.integer("sort_order", null))) {
            if (body.hasNonNull(f.name())) {
                String problem = Fields.problem(f, body.get(f.name()));
                if (problem != null) {
                    errors.put(f.name(), problem);
                }
            } else if (create && !f.name().equals("sort_order")) {
                errors.put(f.name(), f.name() + " is required");
            }
        }
        JsonNode values = body.path("option_values");
        if (create && (!values.isArray() || values.isEmpty())) {
            errors.put("option_values", "at least one option value is required");
        } else if (values.isArray()) {
            for (int i = 0; i < values.size(); i++) {
                errors.putAll(valueProblems(values.get(i), "option_values[" + i + "].", create || !values.get(i).has("id")));
            }
        }
        return errors;
    }

    private Map<String, String> valueProblems(JsonNode body, String prefix, boolean create) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (!body.isObject()) {
            errors.put(prefix + "value", "an option value must be an object");
            return errors;
        }
        if (create && !body.hasNonNull("label")) {
            errors.put(prefix + "label", "label is required");
        }
        if (create && !body.hasNonNull("sort_order")) {
            errors.put(prefix + "sort_order", "sort_order is required");
        }
        if (body.hasNonNull("label") && (!body.get("label").isTextual() || body.get("label").asText().isBlank())) {
            errors.put(prefix + "label", "label must be a non-empty string");
        }
        if (body.hasNonNull("sort_order") && !body.get("sort_order").isIntegralNumber()) {
            errors.put(prefix + "sort_order", "sort_order must be an integer");
        }
        return errors;
    }

    private static void requireObject(JsonNode body, String what) {
        if (!body.isObject()) {
            throw Api.invalid(what, "a " + what + " must be a JSON object");
        }
    }

    private static boolean sameCombination(List<int[]> a, List<int[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        Set<String> x = new LinkedHashSet<>();
        a.forEach(ov -> x.add(ov[0] + ":" + ov[1]));
        return b.stream().allMatch(ov -> x.contains(ov[0] + ":" + ov[1]));
    }

    /** The key of what carries a SKU: a product (with its base variant) or an option variant. */
    private static String key(Product p) {
        return "p" + p.id;
    }

    private void checkName(String name, int self, Map<Integer, String> pending) {
        Integer owner = nameOwners.get(name.toLowerCase(Locale.ROOT));
        if (owner != null && owner != self && name.equalsIgnoreCase(pending.getOrDefault(owner, name))) {
            throw duplicateName("The name '" + name + "' is already used by product " + owner);
        }
        for (Map.Entry<Integer, String> e : pending.entrySet()) {
            if (e.getKey() != self && e.getValue().equalsIgnoreCase(name)) {
                throw duplicateName(products.containsKey(e.getKey()) ? "The name '" + name + "' is already used by product "
                        + e.getKey() : "The name '" + name + "' is used twice in this request");
            }
        }
    }

    private static ApiException duplicateName(String detail) {
        return new ApiException(409, Api.v3(409, "The product name is a duplicate", Map.of("name", detail)));
    }

    /** 409 if another product or variant of the store, or another item of the same request, has this SKU. */
    private void checkSku(String sku, String self, Map<String, String> pending, String title, String field) {
        if (sku == null || sku.isEmpty()) {
            return;
        }
        String owner = skuOwners.get(sku.toLowerCase(Locale.ROOT));
        if (owner != null && !owner.equals(self) && sku.equalsIgnoreCase(pending.getOrDefault(owner, sku))) {
            throw conflict(title, field, sku, describe(owner, pending.containsKey(owner)));
        }
        for (Map.Entry<String, String> e : pending.entrySet()) {
            if (!e.getKey().equals(self) && sku.equalsIgnoreCase(e.getValue())) {
                throw conflict(title, field, sku, e.getKey().startsWith("new") ? "another item of this request"
                        : describe(e.getKey(), true));
            }
        }
    }

    /** Who has a SKU, by its owner key ({@code p<id>} a product, {@code v<id>} an option variant). */
    private String describe(String owner, boolean inThisRequest) {
        int id = Integer.parseInt(owner.substring(1));
        Variant v = owner.startsWith("v") ? variants.get(id) : null;
        return describe(v == null ? products.get(id) : productOf(v), v, inThisRequest);
    }

    /** Puts a product's current name and SKUs (its own, its option variants') in the indexes, replacing its old ones. */
    private void reindex(Product p) {
        unindex(p);
        String name = p.name().toLowerCase(Locale.ROOT);
        nameOwners.putIfAbsent(name, p.id);
        indexedNames.put(p.id, name);
        Map<String, String> skus = new HashMap<>();
        index(p.sku(), "p" + p.id, skus);
        for (Variant v : p.variants) {
            index(v.fields.path("sku").asText(""), "v" + v.id, skus);
        }
        indexedSkus.put(p.id, skus);
    }

    private void index(String sku, String owner, Map<String, String> skus) {
        if (!sku.isEmpty()) {
            String lower = sku.toLowerCase(Locale.ROOT);
            skuOwners.putIfAbsent(lower, owner);
            skus.put(lower, owner);
        }
    }

    private void unindex(Product p) {
        String name = indexedNames.remove(p.id);
        if (name != null) {
            nameOwners.remove(name, p.id);
        }
        Map<String, String> skus = indexedSkus.remove(p.id);
        if (skus != null) {
            skus.forEach(skuOwners::remove);
        }
    }

    private void clearIndex() {
        skuOwners.clear();
        nameOwners.clear();
        indexedSkus.clear();
        indexedNames.clear();
    }

    /** Who has a SKU: a product or a variant, and whether it takes it in this very request. */
    private static String describe(Product p, Variant v, boolean inThisRequest) {
        String who = v == null ? "product " + p.id + " ('" + p.name() + "')"
                : "variant " + v.id + " of product " + p.id + " ('" + p.name() + "')";
        return inThisRequest ? "another item of this request (" + who + ")" : who;
    }

    private static ApiException conflict(String title, String field, String sku, String user) {
        return new ApiException(409, Api.v3(409, title, Map.of(field, "Sku '" + sku + "' is already used by " + user)));
    }

    private Instant tick() {
        Instant now = clock.instant();
        if (!now.isAfter(last)) {
            now = last.plusMillis(1);
        }
        last = now;
        return now;
    }
}
