package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.SandboxCatalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seller's listings (one per SKU, in the seller's one marketplace), kept as Amazon keeps them: a
 * product type and attributes in the Listings Items API's JSON form. Two attributes have meaning here
 * and are checked: {@code fulfillment_availability} (the seller's own stock: channel DEFAULT and its
 * quantity) and {@code purchasable_offer} (currency and {@code our_price} schedule). Others are kept
 * as sent.
 *
 * <p>A submission (a feed message or a patchListingsItem request) is checked whole and then applied
 * whole, or not at all; its issues say why.
 */
final class Listings {

    /**
     * An issue with a submission, as a processing report and a Listings Items API answer both show it.
     *
     * @param category a Listings Items API issue category (INVALID_ATTRIBUTE, INVALID_PRICE…), or null
     */
    record Issue(String code, String severity, String message, String attributeName, String category) {

        static Issue error(String code, String message, String attributeName, String category) {
            return new Issue(code, "ERROR", message, attributeName, category);
        }

        boolean isError() {
            return severity.equals("ERROR");
        }
    }

    /** What a submission came to: accepted (and, unless only validated, applied) or not, and its issues. */
    record Outcome(boolean accepted, List<Issue> issues) {
    }

    /** A SKU no listing has. Amazon itself accepts offer-only patches for such SKUs; the sandbox does not. */
    static final String NOT_FOUND = "NOT_FOUND";
    /** A value or patch the sandbox cannot apply: the whole submission is refused. */
    static final String BAD_REQUEST = "BAD_REQUEST";
    /** A quantity for inventory Amazon fulfils (channel AMAZON_*), which Amazon counts itself. */
    static final String AMAZON_FULFILLED_QUANTITY = "AMAZON_FULFILLED_QUANTITY";
    static final String FULFILLMENT = "fulfillment_availability";
    static final String OFFER = "purchasable_offer";
    static final String DEFAULT_CHANNEL = "DEFAULT";

    /** The currency of each marketplace's listings (North America, Europe, Japan). */
    private static final Map<String, String> CURRENCIES = Map.ofEntries(
            Map.entry("ATVPDKIKX0DER", "USD"), Map.entry("A2EUQ1WTGCTBG2", "CAD"), Map.entry("A1AM78C64UM0Y8", "MXN"),
            Map.entry("A2Q3Y263D00KWC", "BRL"), Map.entry("A1F83G8C2ARO7P", "GBP"), Map.entry("A1PA6795UKMFR9", "EUR"),
            Map.entry("A13V1IB3VIYZZH", "EUR"), Map.entry("APJ6JRA9NG5V4", "EUR"), Map.entry("A1RKKUPIHCS9HS", "EUR"),
            Map.entry("A1805IZSGTT6HS", "EUR"), Map.entry("A2NODRKZP88ZB9", "SEK"), Map.entry("A1C3SOZRARQ6R3", "PLN"),
            Map.entry("A1VC38T7YXB528", "JPY"));
    /** Product types of the demo catalogue, by SKU prefix. */
    private static final Map<String, String> PRODUCT_TYPES = Map.of("MUG", "DRINKING_CUP", "POSTER", "POSTER",
            "TEE", "SHIRT", "HOODIE", "SWEATSHIRT", "CAP", "HAT", "SOCKS", "SOCKS");
    private static final Pattern ATTRIBUTE_PATH = Pattern.compile("/attributes/([^/]+)");
    private static final Set<String> AUDIENCES = Set.of("ALL", "B2B");

    private static final class Listing {
        final String sku;
        final String asin;
        String productType;
        final Instant created;
        Instant updated;
        ObjectNode attributes;

        Listing(String sku, String asin, String productType, Instant created, Instant updated, ObjectNode attributes) {
            this.sku = sku;
            this.asin = asin;
            this.productType = productType;
            this.created = created;
            this.updated = updated;
            this.attributes = attributes;
        }
    }

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Map<String, Listing> listings = new TreeMap<>();
    private final Clock clock;
    private final String marketplaceId;
    private final String currency;

    Listings(Clock clock, String marketplaceId) {
        this.clock = clock;
        this.marketplaceId = marketplaceId;
        this.currency = CURRENCIES.getOrDefault(marketplaceId, "USD");
    }

    String marketplaceId() {
        return marketplaceId;
    }

    String currency() {
        return currency;
    }

    // ---------------------------------------------------------------- the demo seller's listings

    /**
     * A listing per catalogue product: its ASIN as orders show it, a product type by kind, the catalogue
     * price and a stock of 10 to 100 derived from the SKU.
     */
    synchronized void seed(List<SandboxCatalog.Product> products) {
        for (SandboxCatalog.Product product : products) {
            if (!listings.containsKey(product.sku())) {
                ObjectNode attributes = nodes.objectNode();
                attributes.putArray("item_name").addObject().put("value", product.name())
                        .put("language_tag", "en_US").put("marketplace_id", marketplaceId);
                attributes.putArray("condition_type").addObject().put("value", "new_new").put("marketplace_id", marketplaceId);
                attributes.set(FULFILLMENT, fulfillment(10 + Math.floorMod(product.sku().hashCode(), 91)));
                attributes.set(OFFER, offer(product.price()));
                Instant now = now();
                listings.put(product.sku(), new Listing(product.sku(), OrderBook.asin(product.sku()),
                        productType(product.sku()), now, now, attributes));
            }
        }
    }

    /** Sets a listing's stock and price as an operator would in Seller Central. */
    synchronized void set(String sku, int quantity, BigDecimal price) {
        Listing listing = listing(sku);
        listing.attributes.set(FULFILLMENT, fulfillment(quantity));
        listing.attributes.set(OFFER, offer(price));
        listing.updated = now();
    }

    // ---------------------------------------------------------------- submissions

    /** A PATCH message or patchListingsItem: JSON Patch operations on top-level attributes. */
    synchronized Outcome patch(String sku, JsonNode patches, boolean validateOnly) {
        Listing listing = listings.get(sku);
        if (listing == null) {
            return unknown(sku);
        }
        List<Issue> issues = new ArrayList<>();
        ObjectNode attributes = listing.attributes.deepCopy();
        Set<String> touched = new TreeSet<>();
        for (JsonNode patch : patches) {
            String op = patch.path("op").asText();
            Matcher path = ATTRIBUTE_PATH.matcher(patch.path("path").asText());
            if (!path.matches()) {
                issues.add(Issue.error(BAD_REQUEST, "Cannot patch '" + patch.path("path").asText()
                        + "': only top-level attributes can be patched, at /attributes/<attribute name>.", null, "INVALID_ATTRIBUTE"));
                continue;
            }
            String name = path.group(1).replace("~1", "/").replace("~0", "~");
            JsonNode value = patch.get("value");
            if (value == null || !value.isArray()) {
                issues.add(Issue.error(BAD_REQUEST, "The '" + op + "' patch of '" + name + "' needs a value: an array of "
                        + (op.equals("delete") ? "the instances to delete, identified by their selectors." : "attribute instances."),
                        name, "INVALID_ATTRIBUTE"));
                continue;
            }
            ArrayNode entries = normalized(name, (ArrayNode) value);
            touched.add(name);
            switch (op) {
                case "add", "replace" -> attributes.set(name, entries);
                case "merge" -> attributes.set(name, merge(attributes.path(name), entries, name));
                case "delete" -> delete(attributes, name, entries, issues);
                default -> issues.add(Issue.error(BAD_REQUEST, "Unknown patch operation " + op + ".", name, "INVALID_ATTRIBUTE"));
            }
        }
        return commit(listing, null, attributes, touched, issues, validateOnly);
    }

    /** A PARTIAL_UPDATE message: the attributes given replace those of the listing, the others stay. */
    synchronized Outcome partialUpdate(String sku, JsonNode given) {
        Listing listing = listings.get(sku);
        if (listing == null) {
            return unknown(sku);
        }
        List<Issue> issues = new ArrayList<>();
        ObjectNode attributes = listing.attributes.deepCopy();
        Set<String> touched = new TreeSet<>();
        given.fields().forEachRemaining(attribute -> {
            touched.add(attribute.getKey());
            attributes.set(attribute.getKey(), attribute.getValue().isArray()
                    ? normalized(attribute.getKey(), (ArrayNode) attribute.getValue()) : attribute.getValue());
        });
        return commit(listing, null, attributes, touched, issues, false);
    }

    /** An UPDATE message: the listing's attributes are replaced by those given; a new SKU is listed. */
    synchronized Outcome update(String sku, String productType, JsonNode given) {
        Listing listing = listings.get(sku);
        if (listing == null) {
            Instant now = now();
            listing = new Listing(sku, OrderBook.asin(sku), productType, now, now, nodes.objectNode());
        }
        ObjectNode attributes = nodes.objectNode();
        given.fields().forEachRemaining(attribute -> attributes.set(attribute.getKey(), attribute.getValue().isArray()
                ? normalized(attribute.getKey(), (ArrayNode) attribute.getValue()) : attribute.getValue()));
        Outcome outcome = commit(listing, productType, attributes, new TreeSet<>(List.of(FULFILLMENT, OFFER)),
                new ArrayList<>(), false);
        if (outcome.accepted()) {
            listings.putIfAbsent(sku, listing);
        }
        return outcome;
    }

    /** A DELETE message: the listing is gone. */
    synchronized Outcome delete(String sku) {
        if (listings.remove(sku) == null) {
            return unknown(sku);
        }
        return new Outcome(true, List.of());
    }

    // ---------------------------------------------------------------- views

    synchronized boolean has(String sku) {
        return listings.containsKey(sku);
    }

    synchronized int size() {
        return listings.size();
    }

    synchronized Set<String> skus() {
        return new TreeSet<>(listings.keySet());
    }

    synchronized String asin(String sku) {
        return listing(sku).asin;
    }

    /** The quantity the seller offers from its own stock (channel DEFAULT), if it states one. */
    synchronized OptionalInt quantity(String sku) {
        for (JsonNode entry : listing(sku).attributes.path(FULFILLMENT)) {
            if (entry.path("fulfillment_channel_code").asText().equals(DEFAULT_CHANNEL) && entry.has("quantity")) {
                return OptionalInt.of(entry.get("quantity").asInt());
            }
        }
        return OptionalInt.empty();
    }

    /** The price every buyer sees (audience ALL) in the seller's marketplace, if the listing has one. */
    synchronized Optional<BigDecimal> price(String sku) {
        return price(listing(sku).attributes);
    }

    /** The listing as getListingsItem shows it with these data sets. */
    synchronized ObjectNode item(String sku, Set<String> includedData) {
        Listing listing = listing(sku);
        ObjectNode item = nodes.objectNode().put("sku", sku);
        if (includedData.contains("summaries")) {
            ObjectNode summary = item.putArray("summaries").addObject();
            summary.put("marketplaceId", marketplaceId).put("asin", listing.asin).put("productType", listing.productType);
            summary.put("conditionType", conditionType(listing.attributes));
            ArrayNode status = summary.putArray("status");
            if (buyable(listing.attributes)) {
                status.add("BUYABLE");
            }
            status.add("DISCOVERABLE");
            String name = listing.attributes.path("item_name").path(0).path("value").asText("");
            if (!name.isEmpty()) {
                summary.put("itemName", name);
            }
            summary.put("createdDate", listing.created.toString()).put("lastUpdatedDate", listing.updated.toString());
        }
        if (includedData.contains("attributes")) {
            item.set("attributes", listing.attributes.deepCopy());
        }
        if (includedData.contains("issues")) {
            ArrayNode issues = item.putArray("issues");
            for (Issue issue : listingIssues(listing.attributes)) {
                ObjectNode node = issues.addObject().put("code", issue.code()).put("message", issue.message())
                        .put("severity", issue.severity());
                node.putArray("attributeNames").add(issue.attributeName());
                node.putArray("categories").add(issue.category());
                node.putArray("marketplaceIds").add(marketplaceId);
            }
        }
        if (includedData.contains("offers")) {
            ArrayNode offers = item.putArray("offers");
            for (JsonNode offer : listing.attributes.path(OFFER)) {
                Optional<BigDecimal> price = schedulePrice(offer);
                if (price.isPresent() && offer.path("marketplace_id").asText().equals(marketplaceId)) {
                    boolean b2b = offer.path("audience").asText().equals("B2B");
                    ObjectNode node = offers.addObject().put("marketplaceId", marketplaceId).put("offerType", b2b ? "B2B" : "B2C");
                    node.putObject("price").put("currencyCode", offer.path("currency").asText()).put("amount", money(price.get()));
                    node.putObject("audience").put("value", b2b ? "B2B" : "ALL")
                            .put("displayName", b2b ? "Amazon Business" : "Sell on Amazon");
                }
            }
        }
        if (includedData.contains("fulfillmentAvailability")) {
            ArrayNode availability = item.putArray("fulfillmentAvailability");
            for (JsonNode entry : listing.attributes.path(FULFILLMENT)) {
                ObjectNode node = availability.addObject().put("fulfillmentChannelCode", entry.path("fulfillment_channel_code").asText());
                if (entry.has("quantity")) {
                    node.put("quantity", entry.get("quantity").asInt());
                }
            }
        }
        if (includedData.contains("procurement")) {
            item.putArray("procurement"); // vendors' cost prices; a seller has none
        }
        if (includedData.contains("relationships")) {
            item.putArray("relationships").addObject().put("marketplaceId", marketplaceId).putArray("relationships");
        }
        if (includedData.contains("productTypes")) {
            item.putArray("productTypes").addObject().put("marketplaceId", marketplaceId).put("productType", listing.productType);
        }
        return item;
    }

    /** Everything, for the sandbox's state file. */
    synchronized ArrayNode snapshot() {
        ArrayNode list = nodes.arrayNode();
        for (Listing listing : listings.values()) {
            list.addObject().put("sku", listing.sku).put("asin", listing.asin).put("productType", listing.productType)
                    .put("createdDate", listing.created.toString()).put("lastUpdatedDate", listing.updated.toString())
                    .set("attributes", listing.attributes.deepCopy());
        }
        return list;
    }

    synchronized void restore(JsonNode snapshot) {
        listings.clear();
        for (JsonNode entry : snapshot) {
            String sku = entry.get("sku").asText();
            listings.put(sku, new Listing(sku, entry.get("asin").asText(), entry.get("productType").asText(),
                    Instant.parse(entry.get("createdDate").asText()), Instant.parse(entry.get("lastUpdatedDate").asText()),
                    (ObjectNode) entry.get("attributes")));
        }
    }

    // ---------------------------------------------------------------- checks

    /** Checks the attributes a submission touched; applies them when nothing is wrong and it is not only a check. */
    private Outcome commit(Listing listing, String productType, ObjectNode attributes, Set<String> touched,
                           List<Issue> issues, boolean validateOnly) {
        if (touched.contains(FULFILLMENT) && attributes.has(FULFILLMENT)) {
            checkFulfillment(attributes, issues);
        }
        if (touched.contains(OFFER) && attributes.has(OFFER)) {
            checkOffer(attributes.get(OFFER), issues);
        }
        boolean accepted = issues.stream().noneMatch(Issue::isError);
        if (accepted && !validateOnly) {
            listing.attributes = attributes;
            if (productType != null) {
                listing.productType = productType;
            }
            listing.updated = now();
        }
        return new Outcome(accepted, issues);
    }

    private void checkFulfillment(ObjectNode attributes, List<Issue> issues) {
        JsonNode entries = attributes.get(FULFILLMENT);
        if (!entries.isArray() || entries.isEmpty()) {
            issues.add(Issue.error(BAD_REQUEST, "'fulfillment_availability' must be an array of at least one entry.", FULFILLMENT,
                    "INVALID_ATTRIBUTE"));
            return;
        }
        Set<String> channels = new HashSet<>();
        for (JsonNode entry : entries) {
            String channel = entry.path("fulfillment_channel_code").asText("");
            if (!entry.path("fulfillment_channel_code").isTextual() || channel.isEmpty()) {
                issues.add(Issue.error(BAD_REQUEST, "Every 'fulfillment_availability' entry needs a fulfillment_channel_code.",
                        FULFILLMENT, "INVALID_ATTRIBUTE"));
                continue;
            }
            if (!channels.add(channel)) {
                issues.add(Issue.error(BAD_REQUEST, "'fulfillment_availability' names fulfillment channel " + channel + " twice.",
                        FULFILLMENT, "INVALID_ATTRIBUTE"));
            }
            JsonNode quantity = entry.get("quantity");
            if (channel.equals(DEFAULT_CHANNEL)) {
                if (quantity == null) {
                    issues.add(Issue.error(BAD_REQUEST, "The quantity of fulfillment channel DEFAULT is required.", FULFILLMENT,
                            "INVALID_ATTRIBUTE"));
                } else if (!ListingsFeedSchema.isInteger(quantity) || quantity.decimalValue().signum() < 0
                        || quantity.decimalValue().compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
                    issues.add(Issue.error(BAD_REQUEST, "The value '" + quantity + "' of 'quantity' is invalid: "
                            + "it must be a whole number of at least 0.", FULFILLMENT, "INVALID_ATTRIBUTE"));
                } else {
                    ((ObjectNode) entry).put("quantity", quantity.decimalValue().intValueExact());
                }
            } else if (quantity != null) {
                ((ObjectNode) entry).remove("quantity");
                issues.add(new Issue(AMAZON_FULFILLED_QUANTITY, "WARNING", "Amazon counts the inventory of fulfillment channel "
                        + channel + " itself; the quantity given is ignored.", FULFILLMENT, "INVALID_ATTRIBUTE"));
            }
        }
    }

    private void checkOffer(JsonNode offers, List<Issue> issues) {
        if (!offers.isArray() || offers.isEmpty()) {
            issues.add(Issue.error(BAD_REQUEST, "'purchasable_offer' must be an array of at least one offer.", OFFER, "INVALID_PRICE"));
            return;
        }
        int digits = Currency.getInstance(currency).getDefaultFractionDigits();
        Set<String> audiences = new HashSet<>();
        for (JsonNode offer : offers) {
            String market = offer.path("marketplace_id").asText();
            if (!market.equals(marketplaceId)) {
                issues.add(Issue.error(BAD_REQUEST, "The seller does not sell in marketplace " + market + ".", OFFER, "INVALID_PRICE"));
                continue;
            }
            String audience = offer.path("audience").asText();
            if (!AUDIENCES.contains(audience)) {
                issues.add(Issue.error(BAD_REQUEST, "The audience '" + audience + "' of 'purchasable_offer' is not one of "
                        + AUDIENCES + ".", OFFER, "INVALID_PRICE"));
            } else if (!audiences.add(audience)) {
                issues.add(Issue.error(BAD_REQUEST, "'purchasable_offer' has two offers for audience " + audience + ".", OFFER,
                        "INVALID_PRICE"));
            }
            JsonNode code = offer.get("currency");
            if (code == null || !code.isTextual()) {
                issues.add(Issue.error(BAD_REQUEST, "The 'currency' of 'purchasable_offer' is required.", OFFER, "INVALID_PRICE"));
            } else if (!code.asText().equals(currency)) {
                issues.add(Issue.error(BAD_REQUEST, "The currency '" + code.asText() + "' of 'purchasable_offer' is invalid: "
                        + "marketplace " + marketplaceId + " sells in " + currency + ".", OFFER, "INVALID_PRICE"));
            }
            JsonNode ourPrice = offer.get("our_price");
            JsonNode schedule = ourPrice == null ? null : ourPrice.path(0).get("schedule");
            if (ourPrice == null || !ourPrice.isArray() || ourPrice.size() != 1 || schedule == null || !schedule.isArray()
                    || schedule.isEmpty()) {
                issues.add(Issue.error(BAD_REQUEST, "'our_price' of 'purchasable_offer' must be one price with a schedule: "
                        + "[{\"schedule\":[{\"value_with_tax\":…}]}].", OFFER, "INVALID_PRICE"));
                continue;
            }
            for (JsonNode entry : schedule) {
                JsonNode value = entry.get("value_with_tax");
                if (value == null || !value.isNumber() || value.decimalValue().signum() <= 0
                        || value.decimalValue().stripTrailingZeros().scale() > digits) {
                    issues.add(Issue.error(BAD_REQUEST, "The value '" + value + "' of 'value_with_tax' is invalid: it must be a "
                            + "number above 0 with at most " + digits + " decimals (" + currency + ").", OFFER, "INVALID_PRICE"));
                }
            }
        }
    }

    /** Issues a listing has in itself: what keeps it from being buyable. */
    private List<Issue> listingIssues(ObjectNode attributes) {
        List<Issue> issues = new ArrayList<>();
        if (price(attributes).isEmpty()) {
            issues.add(Issue.error("90220", "'purchasable_offer' is required but not supplied.", OFFER, "MISSING_PRICE"));
        }
        if (!attributes.has(FULFILLMENT)) {
            issues.add(Issue.error("90220", "'fulfillment_availability' is required but not supplied.", FULFILLMENT,
                    "MISSING_ATTRIBUTE"));
        }
        return issues;
    }

    private boolean buyable(ObjectNode attributes) {
        if (price(attributes).isEmpty()) {
            return false;
        }
        for (JsonNode entry : attributes.path(FULFILLMENT)) {
            String channel = entry.path("fulfillment_channel_code").asText();
            if (!channel.equals(DEFAULT_CHANNEL) || entry.path("quantity").asInt() > 0) {
                return true; // Amazon fulfils what it holds; the seller what it states
            }
        }
        return false;
    }

    private Optional<BigDecimal> price(ObjectNode attributes) {
        for (JsonNode offer : attributes.path(OFFER)) {
            if (offer.path("audience").asText().equals("ALL") && offer.path("marketplace_id").asText().equals(marketplaceId)) {
                return schedulePrice(offer);
            }
        }
        return Optional.empty();
    }

    /** The price of an offer: its schedule's first value (start and end dates are not simulated). */
    private static Optional<BigDecimal> schedulePrice(JsonNode offer) {
        JsonNode value = offer.path("our_price").path(0).path("schedule").path(0).path("value_with_tax");
        return value.isNumber() ? Optional.of(value.decimalValue()) : Optional.empty();
    }

    // ---------------------------------------------------------------- patch operations

    /** Offers apply to the seller's marketplace and every buyer unless they say otherwise. */
    private ArrayNode normalized(String attribute, ArrayNode entries) {
        ArrayNode copy = entries.deepCopy();
        if (attribute.equals(OFFER)) {
            for (JsonNode entry : copy) {
                if (entry.isObject() && !entry.has("marketplace_id")) {
                    ((ObjectNode) entry).put("marketplace_id", marketplaceId);
                }
                if (entry.isObject() && !entry.has("audience")) {
                    ((ObjectNode) entry).put("audience", "ALL");
                }
            }
        }
        return copy;
    }

    /** JSON Patch "merge" as Amazon defines it: each entry updates the instance its selectors name, or is added. */
    private ArrayNode merge(JsonNode existing, ArrayNode entries, String attribute) {
        ArrayNode merged = existing.isArray() ? existing.deepCopy() : nodes.arrayNode();
        for (JsonNode entry : entries) {
            ObjectNode target = null;
            for (JsonNode instance : merged) {
                if (instance.isObject() && selects(entry, instance, attribute)) {
                    target = (ObjectNode) instance;
                    break;
                }
            }
            if (target == null) {
                merged.add(entry);
            } else {
                target.setAll((ObjectNode) entry);
            }
        }
        return merged;
    }

    /** JSON Patch "delete": removes the instances the entries' selectors name. */
    private void delete(ObjectNode attributes, String attribute, ArrayNode entries, List<Issue> issues) {
        for (JsonNode entry : entries) {
            if (selectors(attribute).stream().noneMatch(entry::has)) {
                issues.add(Issue.error(BAD_REQUEST, "A 'delete' of '" + attribute + "' names the instances to delete by "
                        + selectors(attribute) + "; an attribute cannot be deleted by its name alone.", attribute, "INVALID_ATTRIBUTE"));
                return;
            }
        }
        JsonNode existing = attributes.get(attribute);
        if (existing == null || !existing.isArray()) {
            return;
        }
        ArrayNode kept = existing.deepCopy();
        for (Iterator<JsonNode> it = kept.elements(); it.hasNext(); ) {
            JsonNode instance = it.next();
            for (JsonNode entry : entries) {
                if (selects(entry, instance, attribute)) {
                    it.remove();
                    break;
                }
            }
        }
        if (kept.isEmpty()) {
            attributes.remove(attribute);
        } else {
            attributes.set(attribute, kept);
        }
    }

    private static boolean selects(JsonNode entry, JsonNode instance, String attribute) {
        for (String selector : selectors(attribute)) {
            if (entry.has(selector) && !entry.get(selector).equals(instance.get(selector))) {
                return false;
            }
        }
        return true;
    }

    /** The properties that tell one instance of an attribute from another. */
    private static List<String> selectors(String attribute) {
        return switch (attribute) {
            case FULFILLMENT -> List.of("fulfillment_channel_code");
            case OFFER -> List.of("marketplace_id", "audience");
            default -> List.of("marketplace_id", "language_tag");
        };
    }

    // ---------------------------------------------------------------- helpers

    private ArrayNode fulfillment(int quantity) {
        ArrayNode array = nodes.arrayNode();
        array.addObject().put("fulfillment_channel_code", DEFAULT_CHANNEL).put("quantity", quantity);
        return array;
    }

    private ArrayNode offer(BigDecimal price) {
        ArrayNode array = nodes.arrayNode();
        ObjectNode offer = array.addObject().put("marketplace_id", marketplaceId).put("currency", currency).put("audience", "ALL");
        offer.putArray("our_price").addObject().putArray("schedule").addObject().put("value_with_tax", price);
        return array;
    }

    private String money(BigDecimal amount) {
        return amount.setScale(Currency.getInstance(currency).getDefaultFractionDigits(), RoundingMode.HALF_UP).toPlainString();
    }

    private static String conditionType(ObjectNode attributes) {
        String value = attributes.path("condition_type").path(0).path("value").asText("new_new");
        return Set.of("new_new", "new_open_box", "new_oem", "refurbished_refurbished", "used_like_new", "used_very_good",
                "used_good", "used_acceptable", "collectible_like_new", "collectible_very_good", "collectible_good",
                "collectible_acceptable", "club_club").contains(value) ? value : "new_new";
    }

    private static String productType(String sku) {
        return PRODUCT_TYPES.getOrDefault(sku.split("-")[0], "PRODUCT");
    }

    private Outcome unknown(String sku) {
        return new Outcome(false, List.of(Issue.error(NOT_FOUND, "SKU '" + sku + "' has no listing in marketplace "
                + marketplaceId + ".", null, null)));
    }

    private Listing listing(String sku) {
        Listing listing = listings.get(sku);
        if (listing == null) {
            throw new NoSuchElementException("no listing " + sku);
        }
        return listing;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
