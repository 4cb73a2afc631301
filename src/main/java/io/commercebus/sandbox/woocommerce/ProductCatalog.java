package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.SandboxCatalog;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

import static io.commercebus.sandbox.woocommerce.ProductFields.POST_STATUSES;
import static io.commercebus.sandbox.woocommerce.ProductFields.PRODUCT_ARGS;
import static io.commercebus.sandbox.woocommerce.ProductFields.TAX_STATUSES;
import static io.commercebus.sandbox.woocommerce.ProductFields.TYPES;
import static io.commercebus.sandbox.woocommerce.ProductFields.VARIATION_ARGS;
import static io.commercebus.sandbox.woocommerce.ProductFields.VISIBILITIES;
import static io.commercebus.sandbox.woocommerce.ProductFields.backorders;
import static io.commercebus.sandbox.woocommerce.ProductFields.bool;
import static io.commercebus.sandbox.woocommerce.ProductFields.clean;
import static io.commercebus.sandbox.woocommerce.ProductFields.decimal;
import static io.commercebus.sandbox.woocommerce.ProductFields.defaultAttributes;
import static io.commercebus.sandbox.woocommerce.ProductFields.has;
import static io.commercebus.sandbox.woocommerce.ProductFields.hasValue;
import static io.commercebus.sandbox.woocommerce.ProductFields.ids;
import static io.commercebus.sandbox.woocommerce.ProductFields.intval;
import static io.commercebus.sandbox.woocommerce.ProductFields.object;
import static io.commercebus.sandbox.woocommerce.ProductFields.productAttributes;
import static io.commercebus.sandbox.woocommerce.ProductFields.sanitizeTitle;
import static io.commercebus.sandbox.woocommerce.ProductFields.taxClass;
import static io.commercebus.sandbox.woocommerce.ProductFields.validStockStatus;
import static io.commercebus.sandbox.woocommerce.ProductFields.validateStock;
import static io.commercebus.sandbox.woocommerce.ProductFields.variationAttributes;

/**
 * The simulated store's products and variations, kept as WooCommerce keeps them: posts with one id
 * sequence, a variation a child post of its product. Writes follow the REST controllers'
 * {@code prepare_object_for_database} and the product setters: a SKU must be unique among the
 * products and variations not in the trash (compared as MySQL's case-insensitive collation compares),
 * prices are decimal strings as given ({@code wc_format_decimal}), a product that does not manage its
 * stock has no quantity, a variable or grouped product has no price of its own. What WooCommerce
 * derives on read (active price, stock status, a variable product's price and stock) is in
 * {@link ProductViews}. Orders reach the catalogue to price their lines and move stock.
 */
final class ProductCatalog implements ProductViews.Lookup {

    /** {@code woocommerce_rest_batch_items_limit}: objects per batch request, create, update and delete together. */
    static final int BATCH_LIMIT = 100;
    /** The store's default product category ("Uncategorized"), which WooCommerce files uncategorised products under. */
    static final int UNCATEGORIZED_ID = 15;

    /**
     * Opening stock of the demo catalogue: plenty of most products, little of two (a poster and the hoodie),
     * so that a demo shows products selling out until NetSuite pushes stock.
     */
    static final Map<String, Integer> DEMO_STOCK = Map.of("MUG-11OZ", 600, "MUG-15OZ", 450, "POSTER-A2", 25,
            "POSTER-A3", 300, "TEE-M-BLK", 500, "TEE-L-BLK", 500, "TEE-M-WHT", 400, "HOODIE-L", 60, "CAP-ONE", 350,
            "SOCKS-3PK", 900);



    /** A product or variation as an order line buys it. {@code attributes}: key, option and display name. */
    record Sellable(int productId, int variationId, String sku, String name, BigDecimal price, boolean taxable,
                    List<String[]> attributes) {

        int postId() {
            return variationId != 0 ? variationId : productId;
        }
    }

    /** The filters of {@code GET /products} and {@code GET /products/<id>/variations}; null means no filter. */
    record Query(List<String> skus, List<Integer> include, Set<Integer> exclude, String type, String status, String search,
                 String stockStatus, Set<Integer> parents, String slug, String orderBy, boolean descending) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Map<Integer, ObjectNode> posts = new TreeMap<>();
    /**
     * Posts that were given a SKU or slug (lower case), by id: the candidates a uniqueness check reads
     * instead of every post. An entry may be outdated (the post changed its SKU, went to the trash): each
     * candidate is checked again, so only a missing entry could be wrong, and every write adds one.
     */
    private final Map<String, Set<Integer>> idsBySku = new HashMap<>();
    private final Map<String, Set<Integer>> idsBySlug = new HashMap<>();
    private final Clock clock;
    private final ProductViews views;
    private int nextId = 100;
    private int nextMetaId = 1;
    private Instant lastModified = Instant.EPOCH;

    ProductCatalog(Clock clock, Supplier<String> siteUrl) {
        this.clock = clock;
        this.views = new ProductViews(this, siteUrl, clock);
    }

    // ---------------------------------------------------------------- lookups for the views (called holding the lock)

    @Override
    public ObjectNode post(int id) {
        return posts.get(id);
    }

    @Override
    public List<ObjectNode> children(int parentId) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode post : posts.values()) {
            if (ProductViews.isVariation(post) && post.path("parent_id").asInt() == parentId && !trashed(post)) {
                out.add(post);
            }
        }
        out.sort(Comparator.comparingInt((ObjectNode p) -> p.path("menu_order").asInt()).thenComparingInt(p -> p.get("id").asInt()));
        return out;
    }

    // ---------------------------------------------------------------- products

    synchronized ObjectNode createProduct(JsonNode body, boolean strict) {
        return views.product(insertProduct(object(body), strict), true);
    }

    synchronized ObjectNode updateProduct(int id, JsonNode body, boolean strict) {
        return views.product(changeProduct(id, object(body), strict), true);
    }

    synchronized ObjectNode product(int id) {
        ObjectNode post = posts.get(id);
        if (post == null) {
            throw invalidId("product", 404);
        }
        return views.product(post, false);
    }

    /** Without {@code force} the product goes to the trash; the answer is the product as it was. */
    synchronized ObjectNode deleteProduct(int id, boolean force) {
        ObjectNode post = posts.get(id);
        if (post == null) {
            throw invalidId("product", 404);
        }
        ObjectNode answer = views.product(post, true);
        remove(post, force, "product");
        return answer;
    }

    synchronized List<ObjectNode> products(Query query) {
        List<ObjectNode> found = new ArrayList<>();
        // a SKU filter reads its candidates from the SKU index instead of every post
        Iterable<ObjectNode> candidates = query.skus() == null ? posts.values() : query.skus().stream()
                .map(sku -> idsBySku.getOrDefault(sku.stripTrailing().toLowerCase(Locale.ROOT), Set.of()))
                .flatMap(Set::stream).distinct().sorted().map(posts::get).filter(p -> p != null).toList();
        for (ObjectNode post : candidates) {
            // a SKU filter searches variations too, as WooCommerce's does
            if ((!ProductViews.isVariation(post) || query.skus() != null) && matches(post, query)) {
                found.add(post);
            }
        }
        sort(found, query);
        return found.stream().map(p -> views.product(p, false)).toList();
    }

    /** {@code POST /products/batch}: creates, then updates, then deletes (for good), each object on its own. */
    synchronized JsonNode batchProducts(JsonNode body) {
        return batch(body, item -> views.product(insertProduct(item, false), true),
                (id, item) -> views.product(changeProduct(id, item, false), true),
                id -> deleteProduct(id, true));
    }

    // ---------------------------------------------------------------- variations

    synchronized ObjectNode createVariation(int productId, JsonNode body, boolean strict) {
        return views.variation(insertVariation(productId, object(body), strict), productId);
    }

    /** {@code checkParent}: the route's permission check, which the objects of a batch skip. */
    synchronized ObjectNode updateVariation(int productId, int id, JsonNode body, boolean strict, boolean checkParent) {
        return views.variation(changeVariation(productId, id, object(body), strict, checkParent), productId);
    }

    synchronized ObjectNode variation(int productId, int id) {
        return views.variation(existingVariation(id, 404), productId);
    }

    synchronized ObjectNode deleteVariation(int productId, int id, boolean force) {
        ObjectNode post = existingVariation(id, 404);
        ObjectNode answer = views.variation(post, productId);
        remove(post, force, "product_variation");
        return answer;
    }

    synchronized List<ObjectNode> variations(int productId, Query query) {
        List<ObjectNode> found = new ArrayList<>();
        for (ObjectNode post : posts.values()) {
            if (ProductViews.isVariation(post) && post.path("parent_id").asInt() == productId && matches(post, query)) {
                found.add(post);
            }
        }
        sort(found, query);
        return found.stream().map(p -> views.variation(p, productId)).toList();
    }

    synchronized JsonNode batchVariations(int productId, JsonNode body) {
        return batch(body, item -> views.variation(insertVariation(routeParent(productId, item), item, false), productId),
                (id, item) -> views.variation(changeVariation(productId, id, item, false, false), productId),
                id -> deleteVariation(productId, id, true));
    }

    // ---------------------------------------------------------------- orders and the demo shoppers

    /**
     * What an order line buys, found as the orders controller finds it: by SKU (a product or a variation not
     * in the trash), else by {@code product_id} without a {@code variation_id}, else by {@code variation_id}.
     */
    synchronized Optional<Sellable> sellable(String sku, int productId, int variationId) {
        ObjectNode post;
        if (!sku.isEmpty()) {
            post = skuOwner(sku, -1);
        } else if (productId != 0 && variationId == 0) {
            post = posts.get(productId);
        } else {
            post = variationId != 0 ? posts.get(variationId) : null;
        }
        if (post == null) {
            return Optional.empty();
        }
        boolean variation = ProductViews.isVariation(post);
        List<String[]> attributes = new ArrayList<>();
        if (variation) {
            ObjectNode parent = views.parent(post);
            for (JsonNode attribute : post.path("attributes")) {
                String key = attribute.path("key").asText();
                attributes.add(new String[] {key, attribute.path("option").asText(),
                        parent == null ? key : ProductViews.attributeName(parent, key)});
            }
        }
        BigDecimal price = ProductViews.number(views.price(post));
        int id = post.get("id").asInt();
        return Optional.of(new Sellable(variation ? post.path("parent_id").asInt() : id, variation ? id : 0,
                post.path("sku").asText(""), views.name(post), price == null ? BigDecimal.ZERO : price,
                post.path("tax_status").asText("taxable").equals("taxable"), attributes));
    }

    /**
     * Why a shopper's cart could not be checked out, as WooCommerce's cart says it, or null: every product
     * published and purchasable, in stock, and, where stock is managed without backorders, enough of it for
     * the cart's lines together.
     */
    synchronized String checkoutProblem(Map<Integer, Integer> quantities) {
        Map<Integer, Integer> byHolder = new LinkedHashMap<>();
        for (Map.Entry<Integer, Integer> line : quantities.entrySet()) {
            ObjectNode post = posts.get(line.getKey());
            if (post == null || !shopperCanBuy(post)) {
                return "Sorry, this product cannot be purchased.";
            }
            String name = views.name(post);
            if (views.stockStatus(post).equals("outofstock")) {
                return "Sorry, \"" + name + "\" is not in stock. Please edit your cart and try again. We apologize for any "
                        + "inconvenience caused.";
            }
            ObjectNode holder = views.stockHolder(post);
            if (holder != null && views.backorders(post).equals("no")) {
                int holderId = holder.get("id").asInt();
                int wanted = byHolder.merge(holderId, line.getValue(), Integer::sum);
                Integer stock = views.stockQuantity(post);
                if (stock == null || stock < wanted) {
                    return "Sorry, we do not have enough \"" + name + "\" in stock to fulfill your order (" + (stock == null ? 0 : stock)
                            + " available). We apologize for any inconvenience caused.";
                }
            }
        }
        return null;
    }

    /** How many of the SKU a shopper may put in the cart: 0 when it cannot be bought, else the stock or no limit. */
    synchronized int available(String sku) {
        ObjectNode post = skuOwner(sku, -1);
        if (post == null || !shopperCanBuy(post) || views.stockStatus(post).equals("outofstock")) {
            return 0;
        }
        if (views.stockHolder(post) == null || !views.backorders(post).equals("no")) {
            return Integer.MAX_VALUE;
        }
        Integer stock = views.stockQuantity(post);
        return stock == null ? 0 : Math.max(0, stock);
    }

    /**
     * {@code wc_update_product_stock}: moves the stock of the product (or the parent managing a variation's
     * stock) by {@code delta} and saves it, answering the new quantity; null when neither manages stock, and
     * nothing changes.
     */
    synchronized Integer changeStock(int postId, int delta) {
        ObjectNode post = posts.get(postId);
        ObjectNode holder = post == null ? null : views.stockHolder(post);
        if (holder == null) {
            return null;
        }
        int quantity = holder.path("stock_quantity").isNull() ? 0 : holder.get("stock_quantity").asInt();
        holder.put("stock_quantity", quantity + delta);
        holder.put("date_modified", OrderBook.date(tick()));
        return quantity + delta;
    }

    /** {@code total_sales} of a product (an order line's {@code product_id}). */
    synchronized void addSales(int productId, int delta) {
        ObjectNode post = posts.get(productId);
        if (post != null) {
            post.put("total_sales", Math.max(0, post.path("total_sales").asInt() + delta));
        }
    }

    // ---------------------------------------------------------------- Java accessors

    synchronized Optional<ObjectNode> productBySku(String sku) {
        ObjectNode post = skuOwner(sku, -1);
        return post == null || ProductViews.isVariation(post) ? Optional.empty() : Optional.of(views.product(post, false));
    }

    synchronized Optional<ObjectNode> variationBySku(String sku) {
        ObjectNode post = skuOwner(sku, -1);
        return post == null || !ProductViews.isVariation(post) ? Optional.empty()
                : Optional.of(views.variation(post, post.path("parent_id").asInt()));
    }

    /** stock_quantity as the API shows it (the parent's for "parent"); null when no stock is managed. */
    synchronized Integer stock(String sku) {
        return views.stockQuantity(owner(sku));
    }

    synchronized String stockStatus(String sku) {
        return views.stockStatus(owner(sku));
    }

    /** The active price; null when the product has none. */
    synchronized BigDecimal price(String sku) {
        return ProductViews.number(views.price(owner(sku)));
    }

    synchronized int productCount() {
        return (int) posts.values().stream().filter(p -> !ProductViews.isVariation(p) && !trashed(p)).count();
    }

    synchronized int variationCount() {
        return (int) posts.values().stream().filter(p -> ProductViews.isVariation(p) && !trashed(p)).count();
    }

    // ---------------------------------------------------------------- state

    /** The demo catalogue as simple products managing their stock, with the ids and prices orders already use. */
    synchronized void seed() {
        posts.clear();
        idsBySku.clear();
        idsBySlug.clear();
        Instant now = tick();
        for (SandboxCatalog.Product product : SandboxCatalog.PRODUCTS) {
            ObjectNode post = newPost("product", 0);
            post.put("id", product.id());
            post.put("name", product.name());
            post.put("sku", product.sku());
            post.put("regular_price", product.price().toPlainString());
            post.put("manage_stock", true);
            post.put("stock_quantity", DEMO_STOCK.getOrDefault(product.sku(), 100));
            commit(post, now, true);
        }
        nextId = Math.max(nextId, posts.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1);
    }

    synchronized ObjectNode snapshot() {
        ObjectNode out = NODES.objectNode();
        out.put("nextId", nextId);
        out.put("nextMetaId", nextMetaId);
        ArrayNode list = out.putArray("posts");
        posts.values().forEach(list::add);
        return out;
    }

    synchronized void restore(JsonNode snapshot) {
        posts.clear();
        idsBySku.clear();
        idsBySlug.clear();
        nextId = snapshot.path("nextId").asInt(100);
        nextMetaId = snapshot.path("nextMetaId").asInt(1);
        for (JsonNode post : snapshot.path("posts")) {
            posts.put(post.get("id").asInt(), (ObjectNode) post.deepCopy());
            index(post);
            Instant modified = Instant.parse(post.path("date_modified").asText() + "Z");
            if (modified.isAfter(lastModified)) {
                lastModified = modified;
            }
        }
    }

    // ---------------------------------------------------------------- writes

    private ObjectNode insertProduct(JsonNode body, boolean strict) {
        if (strict) {
            WpArgs.check(body, PRODUCT_ARGS);
        }
        if (hasValue(body, "id")) {
            throw new RestError(400, "woocommerce_rest_product_exists", "Cannot create existing product.");
        }
        ObjectNode post = newPost("product", 0);
        applyProduct(post, body);
        post.put("id", nextId++);
        commit(post, tick(), true);
        return post;
    }

    private ObjectNode changeProduct(int id, JsonNode body, boolean strict) {
        if (strict) {
            WpArgs.check(body, PRODUCT_ARGS);
        }
        ObjectNode existing = posts.get(id);
        if (existing == null) {
            throw invalidId("product", 400);
        }
        if (ProductViews.isVariation(existing)) {
            throw new RestError(404, "woocommerce_rest_invalid_product_id", "To manipulate product variations you should use the "
                    + "/products/&lt;product_id&gt;/variations/&lt;id&gt; endpoint.");
        }
        ObjectNode post = existing.deepCopy();
        applyProduct(post, body);
        commit(post, tick(), false);
        return post;
    }

    private ObjectNode insertVariation(int productId, JsonNode body, boolean strict) {
        if (strict) {
            WpArgs.check(body, VARIATION_ARGS);
        }
        if (hasValue(body, "id")) {
            throw new RestError(400, "woocommerce_rest_product_variation_exists", "Cannot create existing product_variation.");
        }
        ObjectNode parent = posts.get(productId);
        if (parent == null || ProductViews.isVariation(parent)) {
            throw invalidParent();
        }
        ObjectNode post = newPost("product_variation", productId);
        applyVariation(post, body, parent);
        post.put("id", nextId++);
        commit(post, tick(), true);
        return post;
    }

    private ObjectNode changeVariation(int productId, int id, JsonNode body, boolean strict, boolean checkParent) {
        if (strict) {
            WpArgs.check(body, VARIATION_ARGS);
        }
        ObjectNode existing = posts.get(id);
        if (checkParent && existing != null && ProductViews.isVariation(existing) && existing.path("parent_id").asInt() != 0
                && existing.path("parent_id").asInt() != productId) {
            throw new RestError(403, "woocommerce_rest_cannot_edit", "Parent product does not match current variation.");
        }
        existing = existingVariation(id, 400);
        ObjectNode post = existing.deepCopy();
        applyVariation(post, body, views.parent(post));
        commit(post, tick(), false);
        return post;
    }

    private ObjectNode existingVariation(int id, int status) {
        ObjectNode post = posts.get(id);
        if (post == null || !ProductViews.isVariation(post)) {
            throw invalidId("product_variation", status);
        }
        return post;
    }

    private void remove(ObjectNode post, boolean force, String postType) {
        int id = post.get("id").asInt();
        if (force) {
            if (!ProductViews.isVariation(post) && ProductViews.isType(post, "variable")) {
                posts.values().removeIf(p -> ProductViews.isVariation(p) && p.path("parent_id").asInt() == id);
            }
            posts.remove(id);
        } else if (trashed(post)) {
            throw new RestError(410, "woocommerce_rest_already_trashed", "The " + postType + " has already been deleted.");
        } else {
            post.put("status", "trash");
            post.put("date_modified", OrderBook.date(tick()));
        }
    }

    /** Runs the objects of a batch request one by one; a failing object carries its error, the others go on. */
    private JsonNode batch(JsonNode body, Create create, Update update, Delete delete) {
        ObjectNode out = NODES.objectNode();
        JsonNode creates = body.path("create");
        if (creates.isArray() && !creates.isEmpty()) {
            ArrayNode results = out.putArray("create");
            for (JsonNode item : creates) {
                try {
                    results.add(create.apply(object(item)));
                } catch (RestError e) {
                    results.add(failed(NODES.numberNode(0), e));
                }
            }
        }
        JsonNode updates = body.path("update");
        if (updates.isArray() && !updates.isEmpty()) {
            ArrayNode results = out.putArray("update");
            for (JsonNode item : updates) {
                JsonNode id = item.has("id") ? item.get("id") : NullNode.instance;
                try {
                    results.add(update.apply(intval(id), object(item)));
                } catch (RestError e) {
                    results.add(failed(id, e));
                }
            }
        }
        JsonNode deletes = body.path("delete");
        if (deletes.isArray() && !deletes.isEmpty()) {
            ArrayNode results = out.putArray("delete");
            for (JsonNode item : deletes) {
                int id = intval(item);
                if (id == 0) {
                    continue;
                }
                try {
                    results.add(delete.apply(id));
                } catch (RestError e) {
                    results.add(failed(NODES.numberNode(id), e));
                }
            }
        }
        // PHP's empty array: a batch with nothing to do answers []
        return out.isEmpty() ? NODES.arrayNode() : out;
    }

    private interface Create {
        ObjectNode apply(JsonNode item);
    }

    private interface Update {
        ObjectNode apply(int id, JsonNode item);
    }

    private interface Delete {
        ObjectNode apply(int id);
    }

    private static ObjectNode failed(JsonNode id, RestError e) {
        ObjectNode out = NODES.objectNode();
        out.set("id", id);
        ObjectNode error = out.putObject("error");
        error.put("code", e.code);
        error.put("message", e.getMessage());
        ObjectNode data = error.putObject("data").put("status", e.status);
        e.data.forEach((key, value) -> data.set(key, value instanceof Integer n ? NODES.numberNode(n) : NODES.textNode(value.toString())));
        if (!e.params.isEmpty()) {
            ObjectNode params = data.putObject("params");
            e.params.forEach(params::put);
        }
        return out;
    }

    /** A variation of a batch belongs to the route's product unless the object names another. */
    private static int routeParent(int productId, JsonNode item) {
        return item.hasNonNull("product_id") ? intval(item.get("product_id")) : productId;
    }

    /** {@code WC_REST_Products_Controller::prepare_object_for_database}, in its order. */
    private void applyProduct(ObjectNode post, JsonNode b) {
        if (has(b, "type")) {
            String type = b.get("type").asText();
            post.put("type", TYPES.contains(type) ? type : "simple");
        }
        if (has(b, "name")) {
            post.put("name", b.get("name").asText());
        }
        if (has(b, "description")) {
            post.put("description", b.get("description").asText());
        }
        if (has(b, "short_description")) {
            post.put("short_description", b.get("short_description").asText());
        }
        if (has(b, "status")) {
            String status = b.get("status").asText();
            post.put("status", POST_STATUSES.contains(status) ? status : "draft");
        }
        if (has(b, "slug")) {
            post.put("slug", sanitizeTitle(b.get("slug").asText()));
        }
        if (has(b, "menu_order")) {
            post.put("menu_order", intval(b.get("menu_order")));
        }
        if (has(b, "reviews_allowed")) {
            post.put("reviews_allowed", bool(b.get("reviews_allowed")));
        }
        if (has(b, "virtual")) {
            post.put("virtual", bool(b.get("virtual")));
        }
        if (has(b, "tax_status")) {
            String status = b.get("tax_status").asText();
            post.put("tax_status", TAX_STATUSES.contains(status) ? status : "taxable");
        }
        if (has(b, "tax_class")) {
            post.put("tax_class", taxClass(b.get("tax_class").asText()));
        }
        if (has(b, "catalog_visibility")) {
            String visibility = b.get("catalog_visibility").asText();
            if (!VISIBILITIES.contains(visibility)) {
                throw new RestError(400, "product_invalid_catalog_visibility", "Invalid catalog visibility option.");
            }
            post.put("catalog_visibility", visibility);
        }
        if (has(b, "purchase_note")) {
            post.put("purchase_note", b.get("purchase_note").asText());
        }
        if (has(b, "featured")) {
            post.put("featured", bool(b.get("featured")));
        }
        applyShipping(post, b);
        if (has(b, "sku")) {
            post.put("sku", checkedSku(post, b.get("sku")));
        }
        if (has(b, "attributes")) {
            post.set("attributes", productAttributes(b.get("attributes")));
        }
        String type = post.get("type").asText();
        if (type.equals("variable") || type.equals("grouped")) {
            post.put("regular_price", "");
            post.put("sale_price", "");
            post.putNull("date_on_sale_from");
            post.putNull("date_on_sale_to");
        } else {
            applyPrices(post, b);
        }
        if (has(b, "parent_id")) {
            post.put("parent_id", intval(b.get("parent_id")));
        }
        if (has(b, "sold_individually")) {
            post.put("sold_individually", bool(b.get("sold_individually")));
        }
        String stockStatus = has(b, "stock_status") ? validStockStatus(b.get("stock_status").asText())
                : post.path("stock_status").asText("instock");
        if (has(b, "manage_stock")) {
            post.put("manage_stock", bool(b.get("manage_stock")));
        }
        if (has(b, "backorders")) {
            post.put("backorders", backorders(b.get("backorders").asText()));
        }
        if (type.equals("grouped") || type.equals("external")) {
            post.put("manage_stock", false);
            post.put("backorders", "no");
            post.putNull("stock_quantity");
            post.put("stock_status", type.equals("external") ? "instock" : stockStatus);
        } else if (post.path("manage_stock").asBoolean()) {
            post.put("stock_status", stockStatus);
            if (has(b, "stock_quantity")) {
                post.put("stock_quantity", intval(b.get("stock_quantity")));
            }
        } else {
            post.putNull("stock_quantity");
            post.put("stock_status", stockStatus);
        }
        if (has(b, "upsell_ids")) {
            post.set("upsell_ids", ids(b.get("upsell_ids")));
        }
        if (has(b, "cross_sell_ids")) {
            post.set("cross_sell_ids", ids(b.get("cross_sell_ids")));
        }
        if (has(b, "downloadable")) {
            post.put("downloadable", bool(b.get("downloadable")));
        }
        if (post.path("downloadable").asBoolean()) {
            applyDownloadLimits(post, b);
        }
        if (type.equals("external")) {
            if (has(b, "external_url")) {
                post.put("external_url", b.get("external_url").asText());
            }
            if (has(b, "button_text")) {
                post.put("button_text", clean(b.get("button_text").asText()));
            }
        }
        if (type.equals("variable") && has(b, "default_attributes") && b.get("default_attributes").isArray()) {
            post.set("default_attributes", defaultAttributes(post, b.get("default_attributes")));
        }
        if (type.equals("grouped") && has(b, "grouped_products")) {
            post.set("grouped_products", ids(b.get("grouped_products")));
        }
        mergeMeta(post, b.path("meta_data"));
        validateStock(post);
    }

    /** {@code WC_REST_Product_Variations_Controller::prepare_object_for_database}, in its order. */
    private void applyVariation(ObjectNode post, JsonNode b, ObjectNode parent) {
        if (has(b, "status")) {
            String status = b.get("status").asText();
            post.put("status", POST_STATUSES.contains(status) ? status : "draft");
        }
        if (has(b, "sku")) {
            post.put("sku", checkedSku(post, b.get("sku")));
        }
        if (has(b, "virtual")) {
            post.put("virtual", bool(b.get("virtual")));
        }
        if (has(b, "downloadable")) {
            post.put("downloadable", bool(b.get("downloadable")));
        }
        if (post.path("downloadable").asBoolean()) {
            applyDownloadLimits(post, b);
        }
        applyShipping(post, b);
        if (has(b, "manage_stock")) {
            // "parent" only says the variation does not manage stock itself
            post.put("manage_stock", !"parent".equals(b.get("manage_stock").asText()) && bool(b.get("manage_stock")));
        }
        if (has(b, "stock_status")) {
            post.put("stock_status", validStockStatus(b.get("stock_status").asText()));
        }
        if (has(b, "backorders")) {
            post.put("backorders", backorders(b.get("backorders").asText()));
        }
        if (post.path("manage_stock").asBoolean()) {
            if (has(b, "stock_quantity")) {
                post.put("stock_quantity", intval(b.get("stock_quantity")));
            }
        } else {
            post.put("backorders", "no");
            post.putNull("stock_quantity");
        }
        applyPrices(post, b);
        if (has(b, "tax_status")) {
            String status = b.get("tax_status").asText();
            post.put("tax_status", TAX_STATUSES.contains(status) ? status : "taxable");
        }
        if (has(b, "tax_class")) {
            post.put("tax_class", taxClass(b.get("tax_class").asText()));
        }
        if (has(b, "description")) {
            post.put("description", b.get("description").asText());
        }
        if (has(b, "attributes")) {
            if (parent == null) {
                throw invalidParent();
            }
            post.set("attributes", variationAttributes(parent, b.get("attributes")));
        }
        if (has(b, "menu_order") && intval(b.get("menu_order")) != 0) {
            post.put("menu_order", intval(b.get("menu_order")));
        }
        mergeMeta(post, b.path("meta_data"));
        validateStock(post);
    }

    private void applyPrices(ObjectNode post, JsonNode b) {
        if (has(b, "regular_price")) {
            post.put("regular_price", decimal(b.get("regular_price")));
        }
        if (has(b, "sale_price")) {
            post.put("sale_price", decimal(b.get("sale_price")));
        }
        for (String field : List.of("date_on_sale_from", "date_on_sale_to")) {
            for (String name : List.of(field, field + "_gmt")) {
                // null is not set (isset); "" clears the date
                if (b.path(name).isTextual()) {
                    Instant date = WpDates.parse(b.get(name).asText());
                    if (date == null) {
                        post.putNull(field);
                    } else {
                        post.put(field, date.toString());
                    }
                }
            }
        }
    }

    private void applyShipping(ObjectNode post, JsonNode b) {
        if (has(b, "weight")) {
            post.put("weight", decimal(b.get("weight")));
        }
        if (b.path("dimensions").isObject()) {
            ObjectNode dimensions = (ObjectNode) post.get("dimensions");
            for (String side : List.of("length", "width", "height")) {
                if (has(b.get("dimensions"), side)) {
                    dimensions.put(side, decimal(b.get("dimensions").get(side)));
                }
            }
        }
    }

    private void applyDownloadLimits(ObjectNode post, JsonNode b) {
        if (has(b, "download_limit")) {
            post.put("download_limit", intval(b.get("download_limit")));
        }
        if (has(b, "download_expiry")) {
            post.put("download_expiry", intval(b.get("download_expiry")));
        }
    }


    /**
     * {@code WC_Product::set_sku}: cleaned, and unique among the products and variations not in the trash;
     * else WooCommerce's {@code product_invalid_sku} with the owner's id and a free SKU to use instead.
     */
    private String checkedSku(ObjectNode post, JsonNode value) {
        String sku = clean(value.asText());
        if (!sku.isEmpty()) {
            int self = post.path("id").asInt();
            ObjectNode owner = skuOwner(sku, self);
            if (owner != null) {
                int index = 1;
                while (skuOwner(sku + "-" + index, self) != null) {
                    index++;
                }
                throw new RestError(400, "product_invalid_sku", "Invalid or duplicated SKU.")
                        .with("resource_id", owner.get("id").asInt()).with("unique_sku", sku + "-" + index);
            }
        }
        return sku;
    }

    /** The first product or variation not in the trash with the SKU, other than {@code except}. */
    private ObjectNode skuOwner(String sku, int except) {
        String wanted = sku.stripTrailing();
        if (wanted.isEmpty()) {
            return null;
        }
        for (int id : idsBySku.getOrDefault(wanted.toLowerCase(Locale.ROOT), Set.of())) {
            ObjectNode post = posts.get(id);
            if (post != null && id != except && !trashed(post)
                    && post.path("sku").asText("").stripTrailing().equalsIgnoreCase(wanted)) {
                return post;
            }
        }
        return null;
    }

    private ObjectNode owner(String sku) {
        ObjectNode post = skuOwner(sku, -1);
        if (post == null) {
            throw new IllegalArgumentException("no product or variation with SKU " + sku);
        }
        return post;
    }


    private void mergeMeta(ObjectNode post, JsonNode changes) {
        if (!changes.isArray()) {
            return;
        }
        ArrayNode meta = (ArrayNode) post.get("meta_data");
        for (JsonNode change : changes) {
            ObjectNode existing = null;
            for (JsonNode m : meta) {
                if (change.hasNonNull("id") ? m.get("id").asInt() == change.get("id").asInt()
                        : m.get("key").asText().equals(change.path("key").asText())) {
                    existing = (ObjectNode) m;
                }
            }
            if (existing == null) {
                existing = meta.addObject().put("id", nextMetaId++).put("key", change.path("key").asText());
            }
            existing.set("value", change.path("value").isMissingNode() ? NullNode.instance : change.get("value"));
        }
    }

    /** Saves a post: default name, slug for what is published, unique slugs, dates. */
    private void commit(ObjectNode post, Instant now, boolean creating) {
        boolean variation = ProductViews.isVariation(post);
        if (!variation && post.path("name").asText("").isEmpty()) {
            post.put("name", "Product");
        }
        if (!variation) {
            String slug = post.path("slug").asText("");
            if (slug.isEmpty() && !List.of("draft", "pending", "auto-draft").contains(post.path("status").asText())) {
                slug = sanitizeTitle(post.get("name").asText());
            }
            post.put("slug", uniqueSlug(post.get("id").asInt(), slug));
        }
        if (creating) {
            post.put("date_created", OrderBook.date(now));
        }
        post.put("date_modified", OrderBook.date(now));
        posts.put(post.get("id").asInt(), post);
        index(post);
    }

    private void index(JsonNode post) {
        int id = post.get("id").asInt();
        String sku = post.path("sku").asText("").stripTrailing().toLowerCase(Locale.ROOT);
        if (!sku.isEmpty()) {
            idsBySku.computeIfAbsent(sku, k -> new TreeSet<>()).add(id);
        }
        String slug = post.path("slug").asText("");
        if (!slug.isEmpty()) {
            idsBySlug.computeIfAbsent(slug, k -> new TreeSet<>()).add(id);
        }
    }

    /** {@code wp_unique_post_slug}: "-2", "-3"… after a slug another product already has. */
    private String uniqueSlug(int id, String slug) {
        if (slug.isEmpty()) {
            return slug;
        }
        String candidate = slug;
        for (int n = 2; slugTaken(id, candidate); n++) {
            candidate = slug + "-" + n;
        }
        return candidate;
    }

    private boolean slugTaken(int id, String slug) {
        return idsBySlug.getOrDefault(slug, Set.of()).stream().map(posts::get).anyMatch(p -> p != null
                && p.get("id").asInt() != id && !ProductViews.isVariation(p) && !trashed(p) && p.path("slug").asText("").equals(slug));
    }

    private ObjectNode newPost(String postType, int parentId) {
        ObjectNode post = NODES.objectNode();
        post.put("id", 0);
        post.put("post_type", postType);
        post.put("parent_id", parentId);
        boolean variation = postType.equals("product_variation");
        if (!variation) {
            post.put("type", "simple");
            post.put("name", "");
            post.put("slug", "");
        }
        post.put("status", "publish");
        post.put("featured", false);
        post.put("catalog_visibility", "visible");
        post.put("description", "");
        post.put("short_description", "");
        post.put("sku", "");
        post.put("regular_price", "");
        post.put("sale_price", "");
        post.putNull("date_on_sale_from");
        post.putNull("date_on_sale_to");
        post.put("virtual", false);
        post.put("downloadable", false);
        post.put("download_limit", -1);
        post.put("download_expiry", -1);
        post.put("tax_status", "taxable");
        post.put("tax_class", "");
        post.put("manage_stock", false);
        post.putNull("stock_quantity");
        post.put("stock_status", "instock");
        post.put("backorders", "no");
        post.put("sold_individually", false);
        post.put("weight", "");
        post.putObject("dimensions").put("length", "").put("width", "").put("height", "");
        post.put("reviews_allowed", !variation);
        post.putArray("upsell_ids");
        post.putArray("cross_sell_ids");
        post.put("purchase_note", "");
        post.putArray("attributes");
        post.putArray("default_attributes");
        post.putArray("grouped_products");
        post.put("external_url", "");
        post.put("button_text", "");
        post.put("menu_order", 0);
        post.putArray("meta_data");
        post.put("total_sales", 0);
        return post;
    }

    // ---------------------------------------------------------------- queries

    private boolean matches(ObjectNode post, Query q) {
        String status = post.path("status").asText();
        if (q.status() == null || q.status().equals("any") ? trashed(post) || status.equals("auto-draft") : !status.equals(q.status())) {
            return false;
        }
        if (q.skus() != null && q.skus().stream().noneMatch(sku -> !sku.stripTrailing().isEmpty()
                && post.path("sku").asText("").stripTrailing().equalsIgnoreCase(sku.stripTrailing()))) {
            return false;
        }
        int id = post.get("id").asInt();
        if (q.include() != null && !q.include().contains(id) || q.exclude() != null && q.exclude().contains(id)) {
            return false;
        }
        if (q.type() != null && (ProductViews.isVariation(post) || !ProductViews.isType(post, q.type()))) {
            return false;
        }
        if (q.parents() != null && !q.parents().contains(post.path("parent_id").asInt())) {
            return false;
        }
        if (q.slug() != null && !q.slug().equals(post.path("slug").asText(""))) {
            return false;
        }
        if (q.stockStatus() != null && !q.stockStatus().equals(views.stockStatus(post))) {
            return false;
        }
        if (q.search() != null) {
            String haystack = (views.name(post) + "\n" + post.path("description").asText("") + "\n"
                    + post.path("short_description").asText("")).toLowerCase(Locale.ROOT);
            for (String term : q.search().trim().toLowerCase(Locale.ROOT).split("\\s+")) {
                if (!term.isEmpty() && !haystack.contains(term)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** WP_Query's orders; ties go by id in the same direction ({@code date ID}). */
    private void sort(List<ObjectNode> found, Query q) {
        Comparator<ObjectNode> byId = Comparator.comparingInt(p -> p.get("id").asInt());
        Comparator<ObjectNode> order = switch (q.orderBy()) {
            case "id" -> byId;
            case "include" -> Comparator.comparingInt((ObjectNode p) -> q.include() == null ? 0 : q.include().indexOf(p.get("id").asInt()));
            case "title" -> Comparator.comparing((ObjectNode p) -> views.name(p).toLowerCase(Locale.ROOT)).thenComparing(byId);
            case "slug" -> Comparator.comparing((ObjectNode p) -> p.path("slug").asText("")).thenComparing(byId);
            case "modified" -> Comparator.comparing((ObjectNode p) -> p.path("date_modified").asText()).thenComparing(byId);
            case "price" -> Comparator.comparing((ObjectNode p) -> {
                BigDecimal price = ProductViews.number(views.price(p));
                return price == null ? BigDecimal.ZERO : price;
            }).thenComparing(byId);
            case "popularity" -> Comparator.comparingInt((ObjectNode p) -> p.path("total_sales").asInt()).thenComparing(byId);
            default -> Comparator.comparing((ObjectNode p) -> p.path("date_created").asText()).thenComparing(byId);
        };
        boolean descending = q.descending() && !q.orderBy().equals("include");
        found.sort(descending ? order.reversed() : order);
    }

    // ---------------------------------------------------------------- helpers

    private static boolean trashed(JsonNode post) {
        return post.path("status").asText().equals("trash");
    }

    /** A shopper (not the shop manager) can buy what is published, priced and, for a variation, has a published parent. */
    private boolean shopperCanBuy(ObjectNode post) {
        if (!post.path("status").asText().equals("publish") || !views.purchasable(post)) {
            return false;
        }
        if (ProductViews.isVariation(post)) {
            ObjectNode parent = views.parent(post);
            return parent != null && parent.path("status").asText().equals("publish");
        }
        return !ProductViews.isType(post, "variable");
    }

    private Instant tick() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (now.isBefore(lastModified)) {
            now = lastModified;
        }
        lastModified = now;
        return now;
    }

    private static RestError invalidId(String postType, int status) {
        return new RestError(status, "woocommerce_rest_" + postType + "_invalid_id", "Invalid ID.");
    }

    private static RestError invalidParent() {
        return new RestError(404, "woocommerce_rest_product_variation_invalid_parent",
                "Cannot set attributes due to invalid parent product.");
    }

}
