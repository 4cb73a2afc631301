package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.bigcommerce.Api.Call;
import io.commercebus.sandbox.bigcommerce.Api.Reply;
import io.commercebus.sandbox.bigcommerce.Catalog.Product;
import io.commercebus.sandbox.bigcommerce.Catalog.Variant;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** The Catalog API v3 operations of the store: products, variants, options and option values. */
final class CatalogApi {

    /** BigCommerce's batch limits: products (the definition's description; its 413 example says 50) and variants. */
    static final int PRODUCTS_PER_BATCH = 10;
    static final int VARIANTS_PER_BATCH = 50;

    static final String PRODUCTS = "/v3/catalog/products";
    static final String PRODUCT = PRODUCTS + "/{product_id}";
    static final String VARIANTS = "/v3/catalog/variants";
    /** The product filters (without their :in, :min… suffix); include, sort or paging alone select every product. */
    static final Set<String> FILTERS = Set.of("id", "name", "sku", "upc", "type", "availability", "condition", "is_visible",
            "is_featured", "is_free_shipping", "price", "weight", "brand_id", "total_sold", "inventory_level", "out_of_stock",
            "categories", "keyword", "date_modified");

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Catalog catalog;
    private final Api.Stats stats;

    CatalogApi(Catalog catalog, Api.Stats stats) {
        this.catalog = catalog;
        this.stats = stats;
    }

    /** Registers the operations; each runs under the catalogue's lock, so it sees and leaves it whole. */
    void register(Api.Routes all) {
        all.lockedOn(catalog).add("GET", PRODUCTS, this::listProducts)
                .add("POST", PRODUCTS, this::createProduct)
                .add("PUT", PRODUCTS, this::updateProducts)
                .add("DELETE", PRODUCTS, this::deleteProducts)
                .add("GET", PRODUCT, c -> product(c, catalog.requireProduct(c.id("product_id"))))
                .add("PUT", PRODUCT, c -> product(c, catalog.update(c.id("product_id"), c.json())))
                .add("DELETE", PRODUCT, c -> {
                    catalog.delete(List.of(c.id("product_id")));
                    return Reply.noContent();
                })
                .add("GET", PRODUCT + "/variants", c -> {
                    Product p = catalog.requireProduct(c.id("product_id"));
                    return collection(c, p.allVariants(), 250, v -> fields(c, catalog.render(v)));
                })
                .add("POST", PRODUCT + "/variants", c -> one(fields(c, catalog.render(catalog.createVariant(c.id("product_id"), c.json())))))
                .add("GET", PRODUCT + "/variants/{variant_id}",
                        c -> one(fields(c, catalog.render(catalog.requireVariant(c.id("product_id"), c.id("variant_id"))))))
                .add("PUT", PRODUCT + "/variants/{variant_id}",
                        c -> one(catalog.render(catalog.updateVariant(c.id("product_id"), c.id("variant_id"), c.json()))))
                .add("DELETE", PRODUCT + "/variants/{variant_id}", c -> {
                    catalog.deleteVariant(c.id("product_id"), c.id("variant_id"));
                    return Reply.noContent();
                })
                .add("GET", VARIANTS, this::listVariants)
                .add("PUT", VARIANTS, this::updateVariants)
                .add("GET", PRODUCT + "/options", c -> collection(c, catalog.requireProduct(c.id("product_id")).options, 250, catalog::render))
                .add("POST", PRODUCT + "/options", c -> one(catalog.render(catalog.createOption(c.id("product_id"), c.json()))))
                .add("GET", PRODUCT + "/options/{option_id}",
                        c -> one(catalog.render(catalog.requireOption(c.id("product_id"), c.id("option_id")))))
                .add("PUT", PRODUCT + "/options/{option_id}",
                        c -> one(catalog.render(catalog.updateOption(c.id("product_id"), c.id("option_id"), c.json()))))
                .add("DELETE", PRODUCT + "/options/{option_id}", c -> {
                    catalog.deleteOption(c.id("product_id"), c.id("option_id"));
                    return Reply.noContent();
                })
                .add("GET", PRODUCT + "/options/{option_id}/values",
                        c -> collection(c, catalog.requireOption(c.id("product_id"), c.id("option_id")).values, 250, catalog::render))
                .add("POST", PRODUCT + "/options/{option_id}/values",
                        c -> one(catalog.render(catalog.createValue(c.id("product_id"), c.id("option_id"), c.json()))))
                .add("GET", PRODUCT + "/options/{option_id}/values/{value_id}",
                        c -> one(catalog.render(catalog.requireValue(c.id("product_id"), c.id("option_id"), c.id("value_id")))))
                .add("PUT", PRODUCT + "/options/{option_id}/values/{value_id}",
                        c -> one(catalog.render(catalog.updateValue(c.id("product_id"), c.id("option_id"), c.id("value_id"), c.json()))))
                .add("DELETE", PRODUCT + "/options/{option_id}/values/{value_id}", c -> {
                    catalog.deleteValue(c.id("product_id"), c.id("option_id"), c.id("value_id"));
                    return Reply.noContent();
                });
    }

    // ---------------------------------------------------------------- products

    private Reply listProducts(Call c) {
        Set<String> include = include(c);
        // the definition: "If options or modifiers is used, results are limited to 10 per page"
        int max = include.contains("options") || include.contains("modifiers") ? 10 : 250;
        synchronized (catalog) {
            List<Product> found = new ArrayList<>(catalog.products().stream().filter(productFilter(c)).toList());
            found.sort(productOrder(c));
            return collection(c, found, max, p -> fields(c, catalog.render(p, include)));
        }
    }

    private Reply createProduct(Call c) throws IOException {
        JsonNode body = c.json();
        synchronized (catalog) {
            return product(c, catalog.create(body));
        }
    }

    private Reply updateProducts(Call c) throws IOException {
        JsonNode body = c.json();
        if (body.isArray() && body.size() > PRODUCTS_PER_BATCH) {
            throw Api.tooLarge(PRODUCTS_PER_BATCH);
        }
        synchronized (catalog) {
            List<Product> updated = catalog.update(body);
            stats.batch(c.operation, updated.size());
            Set<String> include = include(c);
            ObjectNode out = nodes.objectNode();
            ArrayNode data = out.putArray("data");
            updated.forEach(p -> data.add(fields(c, catalog.render(p, include))));
            out.putObject("meta").set("pagination", pagination(updated.size(), updated.size(), Math.max(1, updated.size()), 1));
            return Reply.ok(out);
        }
    }

    /** {@code DELETE /catalog/products?id:in=…}: a filter is required, so that no one deletes the whole catalogue by mistake. */
    private Reply deleteProducts(Call c) {
        Predicate<Product> filter = productFilter(c);
        boolean filtered = c.query.names().stream().anyMatch(n -> FILTERS.contains(n.split(":")[0]) && c.param(n) != null);
        if (!filtered) {
            throw Api.invalid("id:in", "a filter (id:in, name, sku…) is required to delete products");
        }
        synchronized (catalog) {
            catalog.delete(catalog.products().stream().filter(filter).map(p -> p.id).toList());
        }
        return Reply.noContent();
    }

    private Reply product(Call c, Product p) {
        return one(fields(c, catalog.render(p, include(c))));
    }

    private Predicate<Product> productFilter(Call c) {
        List<Predicate<Product>> tests = new ArrayList<>();
        idFilters(c, tests, p -> p.id);
        String name = c.param("name");
        if (name != null) {
            tests.add(p -> p.name().equalsIgnoreCase(name));
        }
        String like = c.param("name:like");
        if (like != null) {
            tests.add(p -> p.name().toLowerCase(Locale.ROOT).contains(like.toLowerCase(Locale.ROOT)));
        }
        // a product's own SKU or one of its variants'
        List<String> skus = c.param("sku:in") != null ? c.list("sku:in") : c.param("sku") != null ? List.of(c.param("sku")) : null;
        if (skus != null) {
            tests.add(p -> skus.stream().anyMatch(s -> s.equalsIgnoreCase(p.sku())
                    || p.allVariants().stream().anyMatch(v -> s.equalsIgnoreCase(catalog.sku(v)))));
        }
        for (String field : List.of("upc", "type", "availability", "condition")) {
            String value = c.param(field);
            if (value != null) {
                tests.add(p -> p.fields.path(field).asText().equalsIgnoreCase(value));
            }
        }
        for (String field : List.of("is_visible", "is_featured", "is_free_shipping")) {
            String value = c.param(field);
            if (value != null) {
                boolean wanted = value.equals("1") || value.equalsIgnoreCase("true");
                tests.add(p -> p.fields.path(field).asBoolean() == wanted);
            }
        }
        for (String field : List.of("price", "weight")) {
            String value = c.param(field);
            if (value != null) {
                BigDecimal wanted = decimal(field, value);
                tests.add(p -> p.fields.path(field).decimalValue().compareTo(wanted) == 0);
            }
        }
        for (String field : List.of("brand_id", "total_sold")) {
            if (c.param(field) != null) {
                int wanted = c.intParam(field, 0);
                tests.add(p -> p.fields.path(field).asInt() == wanted);
            }
        }
        rangeFilters(c, "inventory_level", tests, p -> catalog.render(p, Set.of()).path("inventory_level").asLong());
        if ("1".equals(c.param("out_of_stock"))) {
            tests.add(p -> !"none".equals(p.fields.path("inventory_tracking").asText())
                    && catalog.render(p, Set.of()).path("inventory_level").asLong() == 0);
        }
        List<String> categories = c.param("categories:in") != null ? c.list("categories:in")
                : c.param("categories") != null ? List.of(c.param("categories")) : null;
        if (categories != null) {
            tests.add(p -> {
                for (JsonNode cat : p.fields.path("categories")) {
                    if (categories.contains(cat.asText())) {
                        return true;
                    }
                }
                return false;
            });
        }
        String keyword = c.param("keyword");
        if (keyword != null) {
            String k = keyword.toLowerCase(Locale.ROOT);
            tests.add(p -> p.name().toLowerCase(Locale.ROOT).contains(k) || p.sku().toLowerCase(Locale.ROOT).contains(k)
                    || p.fields.path("description").asText().toLowerCase(Locale.ROOT).contains(k));
        }
        Instant modifiedMin = instant(c, "date_modified:min");
        Instant modifiedMax = instant(c, "date_modified:max");
        Instant modified = instant(c, "date_modified");
        if (modifiedMin != null) {
            tests.add(p -> !p.modified.isBefore(modifiedMin));
        }
        if (modifiedMax != null) {
            tests.add(p -> !p.modified.isAfter(modifiedMax));
        }
        if (modified != null) {
            tests.add(p -> !p.modified.isBefore(modified));
        }
        return p -> tests.stream().allMatch(t -> t.test(p));
    }

    private Comparator<Product> productOrder(Call c) {
        String sort = c.param("sort") == null ? "id" : c.param("sort");
        Comparator<Product> order = switch (sort) {
            case "name" -> Comparator.comparing(p -> p.name().toLowerCase(Locale.ROOT));
            case "sku" -> Comparator.comparing(Product::sku);
            case "price" -> Comparator.comparing(p -> p.fields.path("price").decimalValue());
            case "date_modified" -> Comparator.comparing(p -> p.modified);
            case "inventory_level" -> Comparator.comparing(p -> catalog.render(p, Set.of()).path("inventory_level").asLong());
            case "total_sold" -> Comparator.comparing(p -> p.fields.path("total_sold").asLong());
            default -> Comparator.comparing(p -> p.id);
        };
        order = order.thenComparing(p -> p.id);
        return "desc".equalsIgnoreCase(c.param("direction")) ? order.reversed() : order;
    }

    // ---------------------------------------------------------------- variants

    private Reply listVariants(Call c) {
        List<Predicate<Variant>> tests = new ArrayList<>();
        idFilters(c, tests, v -> v.id);
        List<String> skus = c.param("sku:in") != null ? c.list("sku:in") : c.param("sku") != null ? List.of(c.param("sku")) : null;
        // the definition: "?product_id=:id" or "?product_id:in=77,80,81"
        List<String> productIds = c.param("product_id:in") != null ? c.list("product_id:in") : c.list("product_id");
        if (productIds != null) {
            tests.add(v -> productIds.contains(Integer.toString(v.productId)));
        }
        String upc = c.param("upc");
        synchronized (catalog) {
            // a SKU filter reads the SKUs' owners from the catalogue's index, in the catalogue's order
            List<Variant> candidates = skus == null ? catalog.variants() : skus.stream().map(catalog::variantBySku)
                    .flatMap(Optional::stream).distinct().sorted(Comparator.<Variant>comparingInt(v -> v.productId)
                            .thenComparingInt(v -> v.id)).toList();
            List<Variant> found = candidates.stream().filter(v -> tests.stream().allMatch(t -> t.test(v)))
                    .filter(v -> upc == null || upc.equals(catalog.render(v).path("upc").asText())).toList();
            return collection(c, found, 250, v -> fields(c, catalog.render(v)));
        }
    }

    private Reply updateVariants(Call c) throws IOException {
        JsonNode body = c.json();
        if (body.isArray() && body.size() > VARIANTS_PER_BATCH) {
            throw Api.tooLarge(VARIANTS_PER_BATCH);
        }
        synchronized (catalog) {
            List<Variant> updated = catalog.batchVariants(body);
            stats.batch(c.operation, updated.size());
            ObjectNode out = nodes.objectNode();
            ArrayNode data = out.putArray("data");
            updated.forEach(v -> data.add(catalog.render(v)));
            out.putObject("meta").set("pagination", pagination(updated.size(), updated.size(), Math.max(1, updated.size()), 1));
            return Reply.ok(out);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** {@code {"data": …, "meta": {}}}, the v3 answer for one resource. */
    static Reply one(ObjectNode data) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("data", data);
        out.putObject("meta");
        return Reply.ok(out);
    }

    /** A page of a collection with {@code meta.pagination}; {@code limit} defaults to 50 and is capped at {@code max}. */
    static <T> Reply collection(Call c, List<T> all, int max, java.util.function.Function<T, ObjectNode> render) {
        int limit = Math.min(Math.max(1, c.intParam("limit", 50)), max);
        int page = Math.max(1, c.intParam("page", 1));
        int from = Math.min(all.size(), (page - 1) * limit);
        List<T> items = all.subList(from, Math.min(all.size(), from + limit));
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode data = out.putArray("data");
        items.forEach(item -> data.add(render.apply(item)));
        out.putObject("meta").set("pagination", pagination(all.size(), items.size(), limit, page));
        return Reply.ok(out);
    }

    static ObjectNode pagination(int total, int count, int limit, int page) {
        int pages = (total + limit - 1) / limit;
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("total", total);
        p.put("count", count);
        p.put("per_page", limit);
        p.put("current_page", page);
        p.put("total_pages", pages);
        ObjectNode links = p.putObject("links");
        if (page > 1) {
            links.put("previous", "?page=" + (page - 1) + "&limit=" + limit);
        }
        links.put("current", "?page=" + page + "&limit=" + limit);
        if (page < pages) {
            links.put("next", "?page=" + (page + 1) + "&limit=" + limit);
        }
        return p;
    }

    static Set<String> include(Call c) {
        Set<String> include = new LinkedHashSet<>();
        List<String> listed = c.list("include");
        if (listed != null) {
            listed.forEach(i -> include.add(i.toLowerCase(Locale.ROOT)));
        }
        return include;
    }

    /** {@code include_fields} (the id and these) and {@code exclude_fields} (all but these; never the id). */
    static ObjectNode fields(Call c, ObjectNode node) {
        List<String> only = c.list("include_fields");
        if (only != null) {
            Set<String> keep = new LinkedHashSet<>(only);
            keep.add("id");
            keep.addAll(include(c));
            node.retain(keep);
        }
        List<String> drop = c.list("exclude_fields");
        if (drop != null) {
            drop.stream().filter(f -> !f.equals("id")).forEach(node::remove);
        }
        return node;
    }

    /** {@code id}, {@code id:in}, {@code id:not_in}, {@code id:min}, {@code id:max}, {@code id:greater}, {@code id:less}. */
    static <T> void idFilters(Call c, List<Predicate<T>> tests, java.util.function.ToIntFunction<T> id) {
        List<String> in = c.param("id:in") != null ? c.list("id:in") : c.list("id");
        if (in != null) {
            tests.add(x -> in.contains(Integer.toString(id.applyAsInt(x))));
        }
        List<String> notIn = c.list("id:not_in");
        if (notIn != null) {
            tests.add(x -> !notIn.contains(Integer.toString(id.applyAsInt(x))));
        }
        rangeFilters(c, "id", tests, x -> id.applyAsInt(x));
    }

    static <T> void rangeFilters(Call c, String field, List<Predicate<T>> tests, java.util.function.ToLongFunction<T> value) {
        if (!field.equals("id") && c.param(field) != null) {
            long wanted = c.intParam(field, 0);
            tests.add(x -> value.applyAsLong(x) == wanted);
        }
        if (c.param(field + ":min") != null) {
            long min = c.intParam(field + ":min", 0);
            tests.add(x -> value.applyAsLong(x) >= min);
        }
        if (c.param(field + ":max") != null) {
            long max = c.intParam(field + ":max", 0);
            tests.add(x -> value.applyAsLong(x) <= max);
        }
        if (c.param(field + ":greater") != null) {
            long greater = c.intParam(field + ":greater", 0);
            tests.add(x -> value.applyAsLong(x) > greater);
        }
        if (c.param(field + ":less") != null) {
            long less = c.intParam(field + ":less", 0);
            tests.add(x -> value.applyAsLong(x) < less);
        }
    }

    private static BigDecimal decimal(String field, String value) {
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw Api.invalid(field, "the query parameter '" + field + "' must be a number");
        }
    }

    /** A date filter: {@code 2018-06-15} or an ISO-8601 date and time. */
    static Instant instant(Call c, String name) {
        String value = c.param(name);
        if (value == null) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw Api.invalid(name, "the query parameter '" + name + "' must be a date (2018-06-15) or an ISO-8601 date and time");
        }
    }
}
