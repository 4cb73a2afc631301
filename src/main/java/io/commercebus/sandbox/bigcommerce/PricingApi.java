package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.bigcommerce.Api.ApiException;
import io.commercebus.sandbox.bigcommerce.Api.Call;
import io.commercebus.sandbox.bigcommerce.Api.Reply;
import io.commercebus.sandbox.bigcommerce.Pricing.Assignment;
import io.commercebus.sandbox.bigcommerce.Pricing.PriceList;
import io.commercebus.sandbox.bigcommerce.Pricing.PriceRecord;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/** The Price Lists API v3 operations of the store, and the v2 customer groups price lists are assigned to. */
final class PricingApi {

    /** BigCommerce: "Up to 2 concurrent batch upsert requests are supported"; more answer 429. */
    static final int CONCURRENT_UPSERTS = 2;

    static final String LISTS = "/v3/pricelists";
    static final String LIST = LISTS + "/{price_list_id}";
    static final String RECORDS = LIST + "/records";
    static final String ASSIGNMENTS = LISTS + "/assignments";
    static final String GROUPS = "/v2/customer_groups";

    private final Pricing pricing;
    private final Api.Stats stats;
    private final AtomicInteger upserts = new AtomicInteger();
    private final AtomicLong refusedUpserts = new AtomicLong();
    private volatile long upsertMillis;

    PricingApi(Pricing pricing, Api.Stats stats) {
        this.pricing = pricing;
        this.stats = stats;
    }

    /** How long a batch upsert of records takes to answer, so that tests can run several at once. */
    void setUpsertLatency(Duration latency) {
        upsertMillis = latency.toMillis();
    }

    long refusedUpserts() {
        return refusedUpserts.get();
    }

    /** Registers the operations; each runs under the price lists' lock. */
    void register(Api.Routes all) {
        // records are upserted outside the lock's registration so that the concurrency check comes first
        all.add("PUT", RECORDS, this::upsertRecords);
        all.lockedOn(pricing)
                .add("GET", LISTS, this::listLists)
                .add("POST", LISTS, c -> one(pricing.render(pricing.createList(c.json()))))
                .add("DELETE", LISTS, c -> {
                    pricing.deleteLists(pricing.lists().stream().filter(listFilter(c)).map(l -> l.id).toList());
                    return Reply.noContent();
                })
                .add("GET", LIST, c -> one(pricing.render(pricing.requireList(c.id("price_list_id")))))
                .add("PUT", LIST, c -> one(pricing.render(pricing.updateList(c.id("price_list_id"), c.json()))))
                .add("DELETE", LIST, c -> {
                    pricing.deleteLists(List.of(c.id("price_list_id")));
                    return Reply.noContent();
                })
                .add("GET", RECORDS, this::listRecords)
                .add("DELETE", RECORDS, c -> {
                    List<String> variants = c.param("variant_id:in") != null ? c.list("variant_id:in") : c.list("variant_id");
                    pricing.deleteRecords(c.id("price_list_id"), variants == null ? null : variants.stream().map(PricingApi::integer).toList());
                    return Reply.noContent();
                })
                .add("GET", RECORDS + "/{variant_id}", c -> {
                    int list = c.id("price_list_id");
                    pricing.requireList(list);
                    int variant = c.id("variant_id");
                    List<PriceRecord> found = pricing.records(list).stream().filter(r -> r.variantId == variant).toList();
                    Set<String> include = CatalogApi.include(c);
                    return CatalogApi.collection(c, found, 250, r -> pricing.render(r, include));
                })
                .add("GET", RECORDS + "/{variant_id}/{currency_code}", c -> {
                    int list = c.id("price_list_id");
                    pricing.requireList(list);
                    PriceRecord r = pricing.record(list, c.id("variant_id"), c.vars.get("currency_code"))
                            .orElseThrow(() -> Api.notFound("Price list " + list + " has no " + c.vars.get("currency_code")
                                    + " record for variant " + c.vars.get("variant_id")));
                    return one(pricing.render(r, CatalogApi.include(c)));
                })
                .add("PUT", RECORDS + "/{variant_id}/{currency_code}", c -> one(pricing.render(pricing.set(c.id("price_list_id"),
                        c.id("variant_id"), c.vars.get("currency_code"), c.json()), Set.of("sku"))))
                .add("DELETE", RECORDS + "/{variant_id}/{currency_code}", c -> {
                    pricing.deleteRecord(c.id("price_list_id"), c.id("variant_id"), c.vars.get("currency_code"));
                    return Reply.noContent();
                })
                .add("GET", ASSIGNMENTS, c -> CatalogApi.collection(c, pricing.assignments().stream().filter(assignmentFilter(c)).toList(),
                        250, pricing::render))
                .add("POST", ASSIGNMENTS, this::createAssignments)
                .add("PUT", ASSIGNMENTS, c -> {
                    throw new ApiException(405, Api.v3(405, "The requested method is not supported on this resource: upsert one "
                            + "assignment with PUT /v3/pricelists/{price_list_id}/assignments, create a batch with POST "
                            + "/v3/pricelists/assignments", null));
                })
                .add("DELETE", ASSIGNMENTS, c -> {
                    boolean filtered = List.of("id", "price_list_id", "customer_group_id", "channel_id", "id:in", "price_list_id:in",
                            "customer_group_id:in", "channel_id:in").stream().anyMatch(n -> c.param(n) != null);
                    if (!filtered) {
                        throw new ApiException(400, Api.v3(400, "At least one filter (id, price_list_id, customer_group_id, channel_id) "
                                + "is required to delete price list assignments", null));
                    }
                    pricing.deleteAssignments(pricing.assignments().stream().filter(assignmentFilter(c)).toList());
                    return Reply.noContent();
                })
                .add("PUT", LIST + "/assignments", c -> one(pricing.render(pricing.upsertAssignment(c.id("price_list_id"), c.json()))))
                .add("GET", GROUPS, this::listGroups)
                .add("POST", GROUPS, c -> Reply.of(201, pricing.createGroup(c.json())))
                .add("GET", GROUPS + "/count", c -> Reply.ok(JsonNodeFactory.instance.objectNode().put("count", pricing.groups().size())))
                .add("GET", GROUPS + "/{customer_group_id}", c -> {
                    int id;
                    try {
                        id = Integer.parseInt(c.vars.get("customer_group_id"));
                    } catch (NumberFormatException e) {
                        id = -1;
                    }
                    return pricing.group(id).map(Reply::ok)
                            .orElseThrow(() -> new ApiException(404, Api.v2(404, "The requested resource was not found.")));
                });
    }

    // ---------------------------------------------------------------- price lists

    private Reply listLists(Call c) {
        return CatalogApi.collection(c, pricing.lists().stream().filter(listFilter(c)).toList(), 250, pricing::render);
    }

    private Predicate<PriceList> listFilter(Call c) {
        List<Predicate<PriceList>> tests = new ArrayList<>();
        CatalogApi.idFilters(c, tests, l -> l.id);
        String name = c.param("name");
        if (name != null) {
            tests.add(l -> l.name.equalsIgnoreCase(name));
        }
        List<String> like = c.list("name:like");
        if (like != null) {
            tests.add(l -> like.stream().anyMatch(x -> l.name.toLowerCase(Locale.ROOT).contains(x.toLowerCase(Locale.ROOT))));
        }
        dateFilters(c, "date_created", tests, l -> l.created);
        dateFilters(c, "date_modified", tests, l -> l.modified);
        return l -> tests.stream().allMatch(t -> t.test(l));
    }

    // ---------------------------------------------------------------- records

    private Reply listRecords(Call c) {
        int list = c.id("price_list_id");
        pricing.requireList(list);
        List<Predicate<PriceRecord>> tests = new ArrayList<>();
        List<String> variants = c.param("variant_id:in") != null ? c.list("variant_id:in") : c.list("variant_id");
        if (variants != null) {
            tests.add(r -> variants.contains(Integer.toString(r.variantId)));
        }
        List<String> currencies = c.param("currency:in") != null ? c.list("currency:in") : c.list("currency");
        if (currencies != null) {
            tests.add(r -> currencies.stream().anyMatch(x -> x.equalsIgnoreCase(r.currency)));
        }
        Set<String> include = CatalogApi.include(c);
        List<String> products = c.param("product_id:in") != null ? c.list("product_id:in") : c.list("product_id");
        List<String> skus = c.param("sku:in") != null ? c.list("sku:in") : c.list("sku");
        if (products != null || skus != null) {
            tests.add(r -> {
                ObjectNode rendered = pricing.render(r, Set.of("sku"));
                return (products == null || products.contains(rendered.path("product_id").asText()))
                        && (skus == null || skus.stream().anyMatch(s -> s.equalsIgnoreCase(rendered.path("sku").asText())));
            });
        }
        for (String field : List.of("price", "sale_price", "retail_price", "map_price", "calculated_price")) {
            String exact = c.param(field);
            String min = c.param(field + ":min");
            String max = c.param(field + ":max");
            if (exact != null || min != null || max != null) {
                tests.add(r -> {
                    JsonNode value = pricing.render(r, Set.of()).get(field);
                    if (value == null) {
                        return false;
                    }
                    java.math.BigDecimal v = value.decimalValue();
                    return (exact == null || v.compareTo(new java.math.BigDecimal(exact)) == 0)
                            && (min == null || v.compareTo(new java.math.BigDecimal(min)) >= 0)
                            && (max == null || v.compareTo(new java.math.BigDecimal(max)) <= 0);
                });
            }
        }
        dateFilters(c, "date_created", tests, r -> r.created);
        dateFilters(c, "date_modified", tests, r -> r.modified);
        List<PriceRecord> found = pricing.records(list).stream().filter(r -> tests.stream().allMatch(t -> t.test(r))).toList();
        return CatalogApi.collection(c, found, 250, r -> pricing.render(r, include));
    }

    /**
     * {@code PUT /pricelists/{id}/records}: at most 1,000 records; at most two such requests at once
     * per store, a third is refused with 429; {@code X-Strict-Mode: 1} refuses the whole batch for
     * one bad record, else the good ones are written and the bad ones reported (422).
     */
    private Reply upsertRecords(Call c) throws IOException {
        if (upserts.incrementAndGet() > CONCURRENT_UPSERTS) {
            upserts.decrementAndGet();
            refusedUpserts.incrementAndGet();
            throw new ApiException(429, Api.v3(429, "Too many concurrent batch upserts of price records: at most "
                    + CONCURRENT_UPSERTS + " may run at once on a store; run them one after another", null));
        }
        try {
            JsonNode body = c.json();
            if (body.isArray() && body.size() > Pricing.RECORDS_PER_BATCH) {
                throw Api.tooLarge(Pricing.RECORDS_PER_BATCH);
            }
            boolean strict = "1".equals(c.headers.get("X-Strict-Mode"));
            ObjectNode errors;
            int listId = c.id("price_list_id");
            synchronized (pricing) {
                errors = pricing.upsert(listId, body, strict);
            }
            int refused = errors == null ? 0 : errors.get("batch_errors").size();
            int written = strict && refused > 0 ? 0 : body.size() - refused;
            if (written > 0) {
                stats.batch(c.operation, written);
            }
            Reply reply = errors == null ? Reply.ok(JsonNodeFactory.instance.objectNode()) : Reply.of(422, errors);
            return reply.delayed(upsertMillis, upserts::decrementAndGet);
        } catch (RuntimeException | IOException e) {
            upserts.decrementAndGet();
            throw e;
        }
    }

    // ---------------------------------------------------------------- assignments

    private Reply createAssignments(Call c) throws IOException {
        JsonNode body = c.json();
        if (body.isArray() && body.size() > Pricing.ASSIGNMENTS_PER_BATCH) {
            throw Api.tooLarge(Pricing.ASSIGNMENTS_PER_BATCH);
        }
        ObjectNode errors = pricing.assign(body);
        if (errors != null) {
            return Reply.of(422, errors);
        }
        stats.batch(c.operation, body.size());
        return Reply.ok(JsonNodeFactory.instance.objectNode());
    }

    private Predicate<Assignment> assignmentFilter(Call c) {
        List<Predicate<Assignment>> tests = new ArrayList<>();
        CatalogApi.idFilters(c, tests, Assignment::id);
        for (String field : List.of("price_list_id", "customer_group_id", "channel_id")) {
            List<String> wanted = c.param(field + ":in") != null ? c.list(field + ":in") : c.list(field);
            if (wanted != null) {
                tests.add(a -> {
                    Integer value = switch (field) {
                        case "price_list_id" -> a.priceListId();
                        case "customer_group_id" -> a.customerGroupId();
                        default -> a.channelId();
                    };
                    return value != null && wanted.contains(value.toString());
                });
            }
        }
        return a -> tests.stream().allMatch(t -> t.test(a));
    }

    // ---------------------------------------------------------------- customer groups

    private Reply listGroups(Call c) {
        List<ObjectNode> groups = new ArrayList<>(pricing.groups());
        String name = c.param("name");
        if (name != null) {
            groups.removeIf(g -> !g.get("name").asText().equalsIgnoreCase(name));
        }
        String isDefault = c.param("is_default");
        if (isDefault != null) {
            groups.removeIf(g -> g.get("is_default").asBoolean() != Boolean.parseBoolean(isDefault));
        }
        int limit = Math.min(v2Int(c, "limit", 50), 250);
        int page = v2Int(c, "page", 1);
        int from = Math.min(groups.size(), (page - 1) * limit);
        List<ObjectNode> items = groups.subList(from, Math.min(groups.size(), from + limit));
        // the v2 API answers an empty collection with 204 No Content
        return items.isEmpty() ? Reply.noContent() : Reply.ok(items);
    }

    // ---------------------------------------------------------------- helpers

    private static Reply one(ObjectNode data) {
        return CatalogApi.one(data);
    }

    private static <T> void dateFilters(Call c, String field, List<Predicate<T>> tests, java.util.function.Function<T, Instant> value) {
        Instant min = CatalogApi.instant(c, field + ":min");
        Instant max = CatalogApi.instant(c, field + ":max");
        if (min != null) {
            tests.add(x -> !value.apply(x).isBefore(min));
        }
        if (max != null) {
            tests.add(x -> !value.apply(x).isAfter(max));
        }
    }

    /** v2 paging: at least 1, a malformed value is its default. */
    private static int v2Int(Call c, String name, int fallback) {
        try {
            return c.param(name) == null ? fallback : Math.max(1, Integer.parseInt(c.param(name)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static int integer(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw Api.invalid("variant_id:in", "variant ids must be integers");
        }
    }
}
