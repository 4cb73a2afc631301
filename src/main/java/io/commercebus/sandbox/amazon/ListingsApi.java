package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The Listings Items API 2021-08-01: getListingsItem and patchListingsItem for the seller's listings.
 * Errors follow the definition's published sandbox answers (400 BAD_REQUEST) and SP-API's gateway
 * (403 Unauthorized, 404 NOT_FOUND here).
 */
final class ListingsApi {

    private static final Set<String> PATCH_INCLUDED_DATA = Set.of("identifiers", "issues");

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Listings listings;
    private final String sellerId;

    ListingsApi(Listings listings, String sellerId) {
        this.listings = listings;
        this.sellerId = sellerId;
    }

    /** GET /listings/2021-08-01/items/{sellerId}/{sku}?marketplaceIds=…&includedData=… → 200 Item. */
    Answer getListingsItem(String seller, String sku, MultiMap params) {
        checkSeller(seller);
        checkMarketplaces(params);
        Set<String> included = new LinkedHashSet<>(FeedsApi.list(params, "includedData"));
        for (String value : included) {
            if (!ListingsFeedSchema.INCLUDED_DATA.contains(value)) {
                throw SpApiError.badRequest("Invalid includedData value: " + value + ". Allowed: " + ListingsFeedSchema.INCLUDED_DATA);
            }
        }
        if (included.isEmpty()) {
            included.add("summaries");
        }
        if (!listings.has(sku)) {
            throw new SpApiError(404, "NOT_FOUND", "SKU '" + sku + "' not found in marketplace " + listings.marketplaceId() + ".");
        }
        return new Answer(200, listings.item(sku, included));
    }

    /**
     * PATCH /listings/2021-08-01/items/{sellerId}/{sku} {productType, patches} → 200 with the submission's
     * status: ACCEPTED (applied at once here), INVALID with its issues, or VALID/INVALID when {@code
     * mode=VALIDATION_PREVIEW} only checks it.
     */
    Answer patchListingsItem(String seller, String sku, MultiMap params, JsonNode body) {
        checkSeller(seller);
        checkMarketplaces(params);
        String mode = params.get("mode");
        if (mode != null && !mode.equals("VALIDATION_PREVIEW")) {
            throw SpApiError.badRequest("Invalid mode: " + mode + ". Allowed: VALIDATION_PREVIEW");
        }
        boolean preview = mode != null;
        Set<String> included = new LinkedHashSet<>(FeedsApi.list(params, "includedData"));
        for (String value : included) {
            if (!PATCH_INCLUDED_DATA.contains(value)) {
                throw SpApiError.badRequest("Invalid includedData value: " + value + ". Allowed: " + PATCH_INCLUDED_DATA);
            }
        }
        if (included.contains("identifiers") && !preview) {
            throw SpApiError.badRequest("includedData identifiers can only be requested with mode VALIDATION_PREVIEW.");
        }
        if (included.isEmpty()) {
            included.add("issues");
        }
        // the body is ListingsItemPatchRequest: the feed schema's PATCH message without its envelope
        ObjectNode message = nodes.objectNode().put("messageId", 1).put("sku", sku).put("operationType", "PATCH");
        if (body.has("productType")) {
            message.set("productType", body.get("productType"));
        }
        if (body.has("patches")) {
            message.set("patches", body.get("patches"));
        }
        List<String> problems = ListingsFeedSchema.message(message);
        if (!body.isObject() || !problems.isEmpty()) {
            throw SpApiError.badRequest("Invalid request body: " + (body.isObject() ? String.join("; ", problems) : "not a JSON object") + ".");
        }

        Listings.Outcome outcome = listings.patch(sku, body.get("patches"), preview);
        ObjectNode answer = nodes.objectNode().put("sku", sku)
                .put("status", outcome.accepted() ? (preview ? "VALID" : "ACCEPTED") : "INVALID")
                .put("submissionId", UUID.randomUUID().toString());
        if (included.contains("issues")) {
            ArrayNode issues = answer.putArray("issues");
            for (Listings.Issue issue : outcome.issues()) {
                ObjectNode node = issues.addObject().put("code", issue.code()).put("message", issue.message())
                        .put("severity", issue.severity());
                if (issue.attributeName() != null) {
                    node.putArray("attributeNames").add(issue.attributeName());
                }
                ArrayNode categories = node.putArray("categories");
                if (issue.category() != null) {
                    categories.add(issue.category());
                }
                node.putArray("marketplaceIds").add(listings.marketplaceId());
            }
        }
        if (included.contains("identifiers")) {
            ArrayNode identifiers = answer.putArray("identifiers");
            if (listings.has(sku)) {
                identifiers.addObject().put("marketplaceId", listings.marketplaceId()).put("asin", listings.asin(sku));
            }
        }
        return new Answer(200, answer);
    }

    private void checkSeller(String seller) {
        if (!seller.equals(sellerId)) {
            throw new SpApiError(403, "Unauthorized", "Access to requested resource is denied.");
        }
    }

    private void checkMarketplaces(MultiMap params) {
        List<String> marketplaces = FeedsApi.list(params, "marketplaceIds");
        if (marketplaces.isEmpty()) {
            throw SpApiError.badRequest("Missing required parameter: marketplaceIds.");
        }
        for (String marketplace : marketplaces) {
            if (!marketplace.equals(listings.marketplaceId())) {
                throw SpApiError.badRequest("Invalid marketplaceIds: the seller sells in " + listings.marketplaceId()
                        + " only, not " + marketplace + ".");
            }
        }
    }
}
