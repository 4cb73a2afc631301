package io.commercebus.api;

import io.commercebus.catalog.SkuXref;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/sku-xref}: which marketplace product and variant each SKU is, and its NetSuite item. */
public class SkuXrefApi {

    static final int MAX_LIMIT = 1000;

    private final SkuXref xref;

    public SkuXrefApi(SkuXref xref) {
        this.xref = xref;
    }

    public Map<String, Object> list(String store, String sku, String netsuiteItemId, Integer limit, Integer offset) {
        int l = limit == null ? 100 : limit;
        int o = offset == null ? 0 : offset;
        if (l < 1 || l > MAX_LIMIT || o < 0) {
            throw new LedgerApi.ApiException(400, "limit must be 1.." + MAX_LIMIT + " and offset not negative");
        }
        List<SkuXref.Entry> entries = xref.list(store, sku, netsuiteItemId, l, o);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", entries.size());
        out.put("skus", entries.stream().map(e -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("store", e.store());
            row.put("sku", e.sku());
            row.put("productId", e.productId());
            row.put("variantId", e.variantId());
            row.put("netsuiteItemId", e.netsuiteItemId());
            row.put("updatedAt", e.updatedAt() == null ? null : e.updatedAt().toString());
            return row;
        }).toList());
        return out;
    }
}
