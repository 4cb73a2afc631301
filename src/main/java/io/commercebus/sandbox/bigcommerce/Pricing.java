package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.bigcommerce.Api.ApiException;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The store's price lists (Price Lists API v3): lists, their records (one per variant and currency),
 * their assignments to customer groups and channels, and the customer groups of the v2 API they are
 * assigned to.
 */
final class Pricing {

    /** BigCommerce's limit of records per batch upsert. */
    static final int RECORDS_PER_BATCH = 1000;
    /** BigCommerce's limit of assignments per batch create. */
    static final int ASSIGNMENTS_PER_BATCH = 25;

    static final class PriceList {
        final int id;
        String name;
        boolean active;
        final Instant created;
        Instant modified;

        PriceList(int id, String name, boolean active, Instant created, Instant modified) {
            this.id = id;
            this.name = name;
            this.active = active;
            this.created = created;
            this.modified = modified;
        }
    }

    /** The prices of one variant in one currency on one list; {@code prices} holds price and whichever of the others are set. */
    static final class PriceRecord {
        final int priceListId;
        final int variantId;
        final String currency;
        final ObjectNode prices;
        final Instant created;
        Instant modified;

        PriceRecord(int priceListId, int variantId, String currency, ObjectNode prices, Instant created, Instant modified) {
            this.priceListId = priceListId;
            this.variantId = variantId;
            this.currency = currency;
            this.prices = prices;
            this.created = created;
            this.modified = modified;
        }
    }

    record Assignment(int id, int priceListId, Integer customerGroupId, Integer channelId) {
    }

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Clock clock;
    private final Catalog catalog;
    private final Map<Integer, PriceList> lists = new TreeMap<>();
    private final Map<String, PriceRecord> records = new TreeMap<>();
    private final Map<Integer, Assignment> assignments = new TreeMap<>();
    private final Map<Integer, ObjectNode> groups = new TreeMap<>();
    private final Queue<Collection<Integer>> removed = new ConcurrentLinkedQueue<>();
    private int nextListId = 1;
    private int nextAssignmentId = 1;
    private int nextGroupId = 1;

    Pricing(Clock clock, Catalog catalog) {
        this.clock = clock;
        this.catalog = catalog;
        // the catalogue only queues what went; records go at the next use of the price lists, so that the
        // catalogue never waits for this lock while this waits for the catalogue's
        catalog.onVariantsRemoved(removed::add);
    }

    // ---------------------------------------------------------------- price lists

    synchronized List<PriceList> lists() {
        return List.copyOf(lists.values());
    }

    synchronized PriceList requireList(int id) {
        PriceList list = lists.get(id);
        if (list == null) {
            throw Api.notFound("Price list " + id + " does not exist");
        }
        return list;
    }

    synchronized Optional<PriceList> listByName(String name) {
        return lists.values().stream().filter(l -> l.name.equalsIgnoreCase(name)).findFirst();
    }

    /** {@code POST /pricelists}: a unique name, active by default. */
    synchronized PriceList createList(JsonNode body) {
        Map<String, String> errors = listProblems(body, true);
        if (!errors.isEmpty()) {
            throw Api.invalid(errors);
        }
        String name = body.get("name").asText();
        checkListName(name, 0);
        Instant now = now();
        PriceList list = new PriceList(nextListId++, name, body.path("active").asBoolean(true), now, now);
        lists.put(list.id, list);
        return list;
    }

    synchronized PriceList updateList(int id, JsonNode body) {
        PriceList list = requireList(id);
        Map<String, String> errors = listProblems(body, false);
        if (!errors.isEmpty()) {
            throw Api.invalid(errors);
        }
        if (body.hasNonNull("name")) {
            checkListName(body.get("name").asText(), id);
            list.name = body.get("name").asText();
        }
        if (body.hasNonNull("active")) {
            list.active = body.get("active").asBoolean();
        }
        list.modified = now();
        return list;
    }

    /** Deletes lists with their records and assignments. */
    synchronized void deleteLists(Collection<Integer> ids) {
        for (int id : ids) {
            if (lists.remove(id) != null) {
                records.values().removeIf(r -> r.priceListId == id);
                assignments.values().removeIf(a -> a.priceListId() == id);
            }
        }
    }

    ObjectNode render(PriceList list) {
        ObjectNode out = nodes.objectNode();
        out.put("id", list.id);
        out.put("name", list.name);
        out.put("date_created", date(list.created));
        out.put("date_modified", date(list.modified));
        out.put("active", list.active);
        return out;
    }

    // ---------------------------------------------------------------- records

    synchronized List<PriceRecord> records(int listId) {
        drain();
        return records.values().stream().filter(r -> r.priceListId == listId).toList();
    }

    synchronized int recordCount() {
        drain();
        return records.size();
    }

    /**
     * {@code PUT /pricelists/{id}/records}: creates or updates records by variant (id or SKU) and
     * currency. Returns the 422 body for the items refused (null when none were); outside strict mode
     * the others are written all the same.
     */
    synchronized ObjectNode upsert(int listId, JsonNode batch, boolean strict) {
        drain();
        requireList(listId);
        if (!batch.isArray()) {
            throw Api.invalid("", "the body must be an array of price records");
        }
        ArrayNode errors = nodes.arrayNode();
        List<Runnable> writes = new ArrayList<>();
        for (JsonNode item : batch) {
            Map<String, String> problems = new LinkedHashMap<>();
            Integer variantId = null;
            if (!item.isObject()) {
                problems.put("record", "a price record must be an object");
            } else {
                variantId = recordVariant(item, problems);
                problems.putAll(recordProblems(item, true));
                if (!item.hasNonNull("currency")) {
                    problems.put("currency", "currency is required");
                } else if (!item.get("currency").isTextual() || !item.get("currency").asText().matches("[A-Za-z]{3}")) {
                    problems.put("currency", "currency must be a 3-letter ISO-4217 code");
                }
            }
            if (!problems.isEmpty()) {
                ObjectNode error = errors.addObject();
                ObjectNode data = error.putObject("data");
                data.put("price_list_id", listId);
                if (item.path("variant_id").isIntegralNumber()) {
                    data.put("variant_id", item.get("variant_id").asInt());
                }
                if (item.path("sku").isTextual()) {
                    data.put("sku", item.get("sku").asText());
                }
                if (item.path("currency").isTextual()) {
                    data.put("currency", item.get("currency").asText().toLowerCase(Locale.ROOT));
                }
                ObjectNode fieldErrors = error.putObject("field_errors");
                problems.forEach(fieldErrors::put);
            } else {
                int variant = variantId;
                writes.add(() -> write(listId, variant, item.get("currency").asText(), item));
            }
        }
        if (!errors.isEmpty() && strict) {
            writes.clear();
        }
        writes.forEach(Runnable::run);
        if (!writes.isEmpty()) {
            requireList(listId).modified = now();
        }
        if (errors.isEmpty()) {
            return null;
        }
        ObjectNode body = nodes.objectNode();
        body.set("batch_errors", errors);
        return body;
    }

    /** {@code PUT /pricelists/{id}/records/{variant_id}/{currency_code}}. */
    synchronized PriceRecord set(int listId, int variantId, String currency, JsonNode body) {
        drain();
        requireList(listId);
        if (catalog.variant(variantId).isEmpty()) {
            throw Api.notFound("Variant " + variantId + " does not exist");
        }
        if (!body.isObject()) {
            throw Api.invalid("record", "a price record must be an object");
        }
        Map<String, String> problems = recordProblems(body, true);
        if (!currency.matches("[A-Za-z]{3}")) {
            problems.put("currency", "currency must be a 3-letter ISO-4217 code");
        }
        if (!problems.isEmpty()) {
            throw Api.invalid(problems);
        }
        return write(listId, variantId, currency, body);
    }

    synchronized Optional<PriceRecord> record(int listId, int variantId, String currency) {
        drain();
        return Optional.ofNullable(records.get(key(listId, variantId, currency)));
    }

    synchronized void deleteRecord(int listId, int variantId, String currency) {
        drain();
        requireList(listId);
        records.remove(key(listId, variantId, currency));
    }

    /** Deletes a list's records, of the given variants only when {@code variantIds} is not null. */
    synchronized void deleteRecords(int listId, Collection<Integer> variantIds) {
        drain();
        requireList(listId);
        records.values().removeIf(r -> r.priceListId == listId && (variantIds == null || variantIds.contains(r.variantId)));
    }

    /** A record as BigCommerce returns it: prices not set are left out, currency in lower case. */
    synchronized ObjectNode render(PriceRecord r, Set<String> include) {
        ObjectNode out = nodes.objectNode();
        out.put("price_list_id", r.priceListId);
        out.put("variant_id", r.variantId);
        for (String field : List.of("price", "sale_price", "retail_price", "map_price")) {
            if (r.prices.hasNonNull(field)) {
                out.set(field, r.prices.get(field).deepCopy());
            }
        }
        BigDecimal sale = r.prices.hasNonNull("sale_price") ? r.prices.get("sale_price").decimalValue() : BigDecimal.ZERO;
        out.put("calculated_price", sale.signum() > 0 ? sale : r.prices.path("price").decimalValue());
        out.put("date_created", date(r.created));
        out.put("date_modified", date(r.modified));
        out.put("currency", r.currency);
        catalog.variant(r.variantId).ifPresent(v -> {
            out.put("product_id", v.productId);
            if (include.contains("sku")) {
                out.put("sku", catalog.sku(v));
            }
        });
        if (include.contains("bulk_pricing_tiers")) {
            out.set("bulk_pricing_tiers", r.prices.has("bulk_pricing_tiers") ? r.prices.get("bulk_pricing_tiers").deepCopy()
                    : nodes.arrayNode());
        }
        return out;
    }

    private PriceRecord write(int listId, int variantId, String currency, JsonNode item) {
        String code = currency.toLowerCase(Locale.ROOT);
        String key = key(listId, variantId, code);
        Instant now = now();
        PriceRecord r = records.get(key);
        if (r == null) {
            r = new PriceRecord(listId, variantId, code, nodes.objectNode(), now, now);
            records.put(key, r);
        }
        for (Fields.Field f : Fields.PRICE_RECORD) {
            if (item.has(f.name())) {
                r.prices.set(f.name(), Fields.value(f, item.get(f.name())).deepCopy());
            }
        }
        if (item.has("bulk_pricing_tiers")) {
            r.prices.set("bulk_pricing_tiers", item.get("bulk_pricing_tiers").deepCopy());
        }
        r.modified = now;
        return r;
    }

    /** The variant a batch item names by variant_id or sku (both must agree). */
    private Integer recordVariant(JsonNode item, Map<String, String> problems) {
        Catalog.Variant byId = null;
        if (item.hasNonNull("variant_id")) {
            byId = item.get("variant_id").isIntegralNumber() ? catalog.variant(item.get("variant_id").asInt()).orElse(null) : null;
            if (byId == null) {
                problems.put("variant_id", "variant " + item.get("variant_id").asText() + " does not exist");
                return null;
            }
        }
        if (item.hasNonNull("sku")) {
            Catalog.Variant bySku = catalog.variantBySku(item.get("sku").asText()).orElse(null);
            if (bySku == null) {
                problems.put("sku", "no variant has the sku '" + item.get("sku").asText() + "'");
                return null;
            }
            if (byId != null && byId.id != bySku.id) {
                problems.put("sku", "sku '" + item.get("sku").asText() + "' is variant " + bySku.id + ", not variant " + byId.id);
                return null;
            }
            return bySku.id;
        }
        if (byId == null) {
            problems.put("variant_id", "variant_id or sku is required");
            return null;
        }
        return byId.id;
    }

    private Map<String, String> recordProblems(JsonNode item, boolean requirePrice) {
        Map<String, String> problems = new LinkedHashMap<>(Fields.check(item, Fields.PRICE_RECORD));
        if (requirePrice && !item.hasNonNull("price")) {
            problems.put("price", "price is required");
        }
        JsonNode tiers = item.path("bulk_pricing_tiers");
        if (!tiers.isMissingNode() && !tiers.isNull()) {
            if (!tiers.isArray()) {
                problems.put("bulk_pricing_tiers", "bulk_pricing_tiers must be an array");
            } else {
                for (JsonNode tier : tiers) {
                    if (!tier.path("quantity_min").isIntegralNumber() || !tier.path("amount").isNumber()
                            || !Set.of("fixed", "price", "percent").contains(tier.path("type").asText())) {
                        problems.put("bulk_pricing_tiers", "a tier needs quantity_min, type (fixed, price or percent) and amount");
                    }
                }
            }
        }
        return problems;
    }

    /** Drops the records of variants the catalogue removed since the last call. */
    private void drain() {
        Collection<Integer> ids;
        while ((ids = removed.poll()) != null) {
            Collection<Integer> gone = ids;
            records.values().removeIf(r -> gone.contains(r.variantId));
        }
    }

    // ---------------------------------------------------------------- assignments

    synchronized List<Assignment> assignments() {
        return List.copyOf(assignments.values());
    }

    /** {@code POST /pricelists/assignments}: all or none; a customer group and channel hold one price list. */
    synchronized ObjectNode assign(JsonNode batch) {
        if (!batch.isArray()) {
            throw Api.invalid("", "the body must be an array of price list assignments");
        }
        ArrayNode errors = nodes.arrayNode();
        List<Assignment> created = new ArrayList<>();
        for (JsonNode item : batch) {
            Map<String, String> problems = assignmentProblems(item, true);
            Integer group = item.path("customer_group_id").isIntegralNumber() ? item.get("customer_group_id").asInt() : null;
            Integer channel = item.path("channel_id").isIntegralNumber() ? item.get("channel_id").asInt() : null;
            if (problems.isEmpty()) {
                Optional<Assignment> taken = assignmentFor(group, channel)
                        .or(() -> created.stream().filter(a -> same(a, group, channel)).findFirst());
                taken.ifPresent(a -> problems.put(channel == null ? "customer_group_id" : "channel_id",
                        "customer group " + group + " on channel " + channel + " already has price list " + a.priceListId()));
            }
            if (problems.isEmpty()) {
                created.add(new Assignment(0, item.get("price_list_id").asInt(), group, channel));
            } else {
                ObjectNode error = errors.addObject();
                ObjectNode data = error.putObject("data");
                for (String field : List.of("customer_group_id", "price_list_id", "channel_id")) {
                    if (item.path(field).isIntegralNumber()) {
                        data.put(field, item.get(field).asInt());
                    }
                }
                ObjectNode fieldErrors = error.putObject("field_errors");
                problems.forEach(fieldErrors::put);
            }
        }
        if (!errors.isEmpty()) {
            ObjectNode body = nodes.objectNode();
            body.set("batch_errors", errors);
            return body;
        }
        for (Assignment a : created) {
            Assignment saved = new Assignment(nextAssignmentId++, a.priceListId(), a.customerGroupId(), a.channelId());
            assignments.put(saved.id(), saved);
        }
        return null;
    }

    /** {@code PUT /pricelists/{id}/assignments}: the customer group on the channel gets this price list. */
    synchronized Assignment upsertAssignment(int listId, JsonNode body) {
        requireList(listId);
        if (!body.isObject()) {
            throw Api.invalid("assignment", "an assignment must be an object");
        }
        Map<String, String> problems = assignmentProblems(body, false);
        for (String field : List.of("customer_group_id", "channel_id")) {
            if (!body.hasNonNull(field)) {
                problems.put(field, field + " is required");
            }
        }
        if (!problems.isEmpty()) {
            throw Api.invalid(problems);
        }
        int group = body.get("customer_group_id").asInt();
        int channel = body.get("channel_id").asInt();
        Assignment existing = assignmentFor(group, channel).orElse(null);
        Assignment saved = new Assignment(existing == null ? nextAssignmentId++ : existing.id(), listId, group, channel);
        assignments.put(saved.id(), saved);
        return saved;
    }

    synchronized void deleteAssignments(Collection<Assignment> gone) {
        gone.forEach(a -> assignments.remove(a.id()));
    }

    ObjectNode render(Assignment a) {
        ObjectNode out = nodes.objectNode();
        out.put("id", a.id());
        out.put("price_list_id", a.priceListId());
        if (a.customerGroupId() != null) {
            out.put("customer_group_id", a.customerGroupId());
        }
        if (a.channelId() != null) {
            out.put("channel_id", a.channelId());
        }
        return out;
    }

    private Optional<Assignment> assignmentFor(Integer group, Integer channel) {
        return assignments.values().stream().filter(a -> same(a, group, channel)).findFirst();
    }

    private static boolean same(Assignment a, Integer group, Integer channel) {
        return java.util.Objects.equals(a.customerGroupId(), group) && java.util.Objects.equals(a.channelId(), channel);
    }

    private Map<String, String> assignmentProblems(JsonNode item, boolean withList) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (!item.isObject()) {
            problems.put("assignment", "an assignment must be an object");
            return problems;
        }
        if (withList) {
            if (!item.path("price_list_id").isIntegralNumber()) {
                problems.put("price_list_id", "price_list_id is required");
            } else if (!lists.containsKey(item.get("price_list_id").asInt())) {
                problems.put("price_list_id", "price list " + item.get("price_list_id").asInt() + " does not exist");
            }
        }
        if (item.hasNonNull("customer_group_id")) {
            JsonNode g = item.get("customer_group_id");
            if (!g.isIntegralNumber()) {
                problems.put("customer_group_id", "customer_group_id must be an integer");
            } else if (g.asInt() != 0 && !groups.containsKey(g.asInt())) {
                problems.put("customer_group_id", "customer group " + g.asInt() + " does not exist");
            }
        }
        if (item.hasNonNull("channel_id") && (!item.get("channel_id").isIntegralNumber() || item.get("channel_id").asInt() < 1)) {
            problems.put("channel_id", "channel_id must be a channel's id");
        }
        if (withList && !item.hasNonNull("customer_group_id") && !item.hasNonNull("channel_id")) {
            problems.put("customer_group_id", "customer_group_id or channel_id is required");
        }
        return problems;
    }

    // ---------------------------------------------------------------- customer groups (v2)

    synchronized List<ObjectNode> groups() {
        return groups.values().stream().map(ObjectNode::deepCopy).toList();
    }

    synchronized Optional<ObjectNode> group(int id) {
        return Optional.ofNullable(groups.get(id)).map(ObjectNode::deepCopy);
    }

    /** {@code POST /v2/customer_groups}: a unique name; 400 and 409 in the v2 error shape. */
    synchronized ObjectNode createGroup(JsonNode body) {
        if (!body.isObject() || !body.path("name").isTextual() || body.get("name").asText().isBlank()) {
            throw new ApiException(400, Api.v2(400, "The field 'name' is invalid."));
        }
        String name = body.get("name").asText();
        if (groups.values().stream().anyMatch(g -> g.get("name").asText().equalsIgnoreCase(name))) {
            throw new ApiException(409, Api.v2(409, "The field 'name' must be unique: customer group '" + name + "' exists."));
        }
        String now = OrderBook.RFC_2822.format(clock.instant().atOffset(ZoneOffset.UTC));
        ObjectNode group = nodes.objectNode();
        group.put("id", nextGroupId++);
        group.put("name", name);
        group.put("is_default", body.path("is_default").asBoolean(false));
        group.set("category_access", body.path("category_access").isObject() ? body.get("category_access").deepCopy()
                : nodes.objectNode().put("type", "all"));
        group.set("discount_rules", body.path("discount_rules").isArray() ? body.get("discount_rules").deepCopy() : nodes.arrayNode());
        group.put("date_created", now);
        group.put("date_modified", now);
        group.put("is_group_for_guests", body.path("is_group_for_guests").asBoolean(false));
        groups.put(group.get("id").asInt(), group);
        return group.deepCopy();
    }

    // ---------------------------------------------------------------- state file

    synchronized ObjectNode snapshot() {
        drain();
        ObjectNode out = nodes.objectNode();
        out.put("nextListId", nextListId);
        out.put("nextAssignmentId", nextAssignmentId);
        out.put("nextGroupId", nextGroupId);
        ArrayNode ls = out.putArray("lists");
        for (PriceList l : lists.values()) {
            ls.addObject().put("id", l.id).put("name", l.name).put("active", l.active).put("created", l.created.toString())
                    .put("modified", l.modified.toString());
        }
        ArrayNode rs = out.putArray("records");
        for (PriceRecord r : records.values()) {
            ObjectNode e = rs.addObject().put("priceListId", r.priceListId).put("variantId", r.variantId).put("currency", r.currency)
                    .put("created", r.created.toString()).put("modified", r.modified.toString());
            e.set("prices", r.prices);
        }
        ArrayNode as = out.putArray("assignments");
        assignments.values().forEach(a -> as.add(render(a)));
        ArrayNode gs = out.putArray("customerGroups");
        groups.values().forEach(gs::add);
        return out;
    }

    synchronized void restore(JsonNode snapshot) {
        lists.clear();
        records.clear();
        assignments.clear();
        groups.clear();
        nextListId = snapshot.path("nextListId").asInt(1);
        nextAssignmentId = snapshot.path("nextAssignmentId").asInt(1);
        nextGroupId = snapshot.path("nextGroupId").asInt(1);
        for (JsonNode l : snapshot.path("lists")) {
            lists.put(l.get("id").asInt(), new PriceList(l.get("id").asInt(), l.get("name").asText(), l.get("active").asBoolean(),
                    Instant.parse(l.get("created").asText()), Instant.parse(l.get("modified").asText())));
        }
        for (JsonNode e : snapshot.path("records")) {
            PriceRecord r = new PriceRecord(e.get("priceListId").asInt(), e.get("variantId").asInt(), e.get("currency").asText(),
                    (ObjectNode) e.get("prices"), Instant.parse(e.get("created").asText()), Instant.parse(e.get("modified").asText()));
            records.put(key(r.priceListId, r.variantId, r.currency), r);
        }
        for (JsonNode a : snapshot.path("assignments")) {
            assignments.put(a.get("id").asInt(), new Assignment(a.get("id").asInt(), a.get("price_list_id").asInt(),
                    a.hasNonNull("customer_group_id") ? a.get("customer_group_id").asInt() : null,
                    a.hasNonNull("channel_id") ? a.get("channel_id").asInt() : null));
        }
        for (JsonNode g : snapshot.path("customerGroups")) {
            groups.put(g.get("id").asInt(), (ObjectNode) g);
        }
    }

    // ---------------------------------------------------------------- helpers

    private Map<String, String> listProblems(JsonNode body, boolean create) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (!body.isObject()) {
            problems.put("price_list", "a price list must be an object");
            return problems;
        }
        if (create && !body.hasNonNull("name")) {
            problems.put("name", "name is required");
        }
        if (body.hasNonNull("name") && (!body.get("name").isTextual() || body.get("name").asText().isBlank())) {
            problems.put("name", "name must be a non-empty string");
        }
        if (body.hasNonNull("active") && !body.get("active").isBoolean()) {
            problems.put("active", "active must be true or false");
        }
        return problems;
    }

    private void checkListName(String name, int self) {
        for (PriceList l : lists.values()) {
            if (l.id != self && l.name.equalsIgnoreCase(name)) {
                throw new ApiException(409, Api.v3(409, "The price list name is a duplicate",
                        Map.of("name", "The name '" + name + "' is already used by price list " + l.id)));
            }
        }
    }

    private static String key(int listId, int variantId, String currency) {
        return String.format("%010d:%010d:%s", listId, variantId, currency.toLowerCase(Locale.ROOT));
    }

    /** Price list dates as the price lists definition writes them: {@code 2018-09-17T20:33:14Z}. */
    static String date(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private Instant now() {
        return clock.instant();
    }
}
