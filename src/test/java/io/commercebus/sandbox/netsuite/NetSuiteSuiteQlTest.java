package io.commercebus.sandbox.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.Sandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Matrix items, kits, prices and the SuiteQL grammar: comparisons, dates, paging and refusals. */
class NetSuiteSuiteQlTest {

    NetSuiteSandbox sandbox;
    NetSuiteCalls calls;

    @BeforeEach
    void start() {
        sandbox = Sandboxes.netsuite(5, Duration.ZERO);
        calls = new NetSuiteCalls(sandbox);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void matrixParentsAndChildrenCarryTheirOptionsInCustomFields() {
        String tee = calls.query("SELECT id FROM item WHERE itemid = 'TEE'").get(0).get("id");
        assertThat(calls.query("SELECT itemid, itemtype, matrixtype, fullname, custitem_size, custitem_colour FROM item"
                + " WHERE parent = " + tee + " ORDER BY itemid")).containsExactly(
                row("itemid", "TEE-L-BLK", "itemtype", "InvtPart", "matrixtype", "CHILD", "fullname", "TEE : TEE-L-BLK",
                        "custitem_size", "L", "custitem_colour", "Black"),
                row("itemid", "TEE-M-BLK", "itemtype", "InvtPart", "matrixtype", "CHILD", "fullname", "TEE : TEE-M-BLK",
                        "custitem_size", "M", "custitem_colour", "Black"),
                row("itemid", "TEE-M-WHT", "itemtype", "InvtPart", "matrixtype", "CHILD", "fullname", "TEE : TEE-M-WHT",
                        "custitem_size", "M", "custitem_colour", "White"));
        assertThat(calls.query("SELECT matrixtype, class FROM item WHERE id = " + tee))
                .containsExactly(row("matrixtype", "PARENT", "class", "13"));

        Map<String, List<String>> options = new LinkedHashMap<>();
        options.put("custitem_size", List.of("S", "L"));
        options.put("custitem_colour", List.of("Navy Blue", "Red"));
        NetSuiteSandbox.MatrixItem hat = sandbox.createMatrixItem("HAT", "Bucket hat", options);
        assertThat(hat.children()).extracting(NetSuiteSandbox.MatrixChild::itemId)
                .containsExactly("HAT-S-NavyBlue", "HAT-S-Red", "HAT-L-NavyBlue", "HAT-L-Red");
        JsonNode child = calls.record("inventoryItem", hat.children().get(0).id());
        assertThat(child.at("/matrixType/id").asText()).isEqualTo("CHILD");
        assertThat(child.at("/parent/id").asText()).isEqualTo(hat.parentId());
        assertThat(child.at("/parent/refName").asText()).isEqualTo("HAT");
        assertThat(child.get("custitem_colour").asText()).isEqualTo("Navy Blue");
        assertThat(calls.query("SELECT COUNT(*) AS children FROM item WHERE parent = " + hat.parentId()
                + " AND custitem_size = 'L'")).containsExactly(row("children", "2"));

        // a child needs a parent matrix item
        ObjectNode orphan = calls.json.createObjectNode();
        orphan.put("itemId", "ORPHAN");
        orphan.putObject("matrixType").put("id", "CHILD");
        orphan.putObject("parent").put("id", calls.itemId("MUG-11OZ"));
        assertThat(calls.create("inventoryItem", orphan).status()).isEqualTo(400);
    }

    @Test
    void kitsListTheirMembersByRestAndSuiteQl() {
        String kit = sandbox.records("kitItem").get(0).get("id").asText();
        String mug = calls.itemId("MUG-11OZ");
        assertThat(calls.query("SELECT itemid, itemtype FROM item WHERE itemtype = 'Kit'"))
                .containsExactly(row("itemid", "MUG-PAIR", "itemtype", "Kit"));
        assertThat(calls.query("SELECT parentitem, item, quantity FROM itemmember WHERE parentitem = " + kit))
                .containsExactly(row("parentitem", kit, "item", mug, "quantity", "2"));

        // a kit through the REST record API, and one through the Java control
        ObjectNode body = calls.json.createObjectNode();
        body.put("itemId", "POSTER-SET");
        body.put("displayName", "Poster set");
        var members = body.putObject("member").putArray("items");
        members.addObject().put("quantity", 1).putObject("item").put("id", calls.itemId("POSTER-A2"));
        members.addObject().put("quantity", 2).putObject("item").put("id", calls.itemId("POSTER-A3"));
        String set = calls.create("kitItem", body).createdId();
        JsonNode record = calls.record("kitItem", set);
        assertThat(record.at("/itemType/id").asText()).isEqualTo("Kit");
        assertThat(record.at("/member/items")).hasSize(2);
        assertThat(record.at("/member/items/1/item/refName").asText()).isEqualTo("POSTER-A3");
        assertThat(record.has("locations")).isFalse();
        String socks = sandbox.createKit("SOCKS-6PK", "Socks 6-pack", Map.of("SOCKS-3PK", BigDecimal.valueOf(2)));
        assertThat(calls.query("SELECT parentitem, quantity FROM itemmember WHERE parentitem IN (" + set + ", " + socks
                + ") ORDER BY parentitem, linenumber")).extracting(r -> r.get("quantity")).containsExactly("1", "2", "2");

        ObjectNode empty = calls.json.createObjectNode();
        empty.put("itemId", "EMPTY-KIT");
        assertThat(calls.create("kitItem", empty).status()).isEqualTo(400);
    }

    @Test
    void pricesPerLevelAndCurrency() {
        String mug = calls.itemId("MUG-11OZ");
        assertThat(calls.query("SELECT id, name FROM pricelevel ORDER BY id")).containsExactly(
                row("id", "1", "name", "Base Price"), row("id", "2", "name", "Wholesale"), row("id", "3", "name", "VIP"),
                row("id", "4", "name", "Online Price"));
        assertThat(calls.query("SELECT id, symbol FROM currency ORDER BY id")).extracting(r -> r.get("symbol"))
                .containsExactly("USD", "GBP", "CAD", "EUR");
        assertThat(calls.query("SELECT pricelevel, unitprice FROM pricing WHERE item = " + mug + " AND currency = 1"
                + " ORDER BY pricelevel")).containsExactly(row("pricelevel", "1", "unitprice", "12.99"),
                row("pricelevel", "2", "unitprice", "7.79"), row("pricelevel", "3", "unitprice", "11.69"),
                row("pricelevel", "4", "unitprice", "12.99"));

        sandbox.setClock(Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));
        sandbox.setPrice("MUG-11OZ", 3, 2, new BigDecimal("9.50"));
        assertThat(calls.query("SELECT unitprice FROM pricing WHERE item = " + mug + " AND currency = 2 AND pricelevel = 3"))
                .containsExactly(row("unitprice", "9.5"));
        assertThat(calls.query("SELECT TO_CHAR(lastmodifieddate, 'YYYY-MM-DD HH24:MI') AS modified FROM item WHERE id = "
                + mug)).containsExactly(row("modified", "2026-11-24 02:00"));

        // the pricing sublist is keyed by level and currency: a PATCH changes the cells it names
        ObjectNode patch = calls.json.createObjectNode();
        ObjectNode cell = patch.putObject("price").putArray("items").addObject();
        cell.putObject("priceLevel").put("id", "2");
        cell.putObject("currencyPage").put("id", "1");
        cell.put("price", new BigDecimal("8.00"));
        calls.patch("inventoryItem", mug, patch, null).createdId();
        JsonNode prices = calls.record("inventoryItem", mug).at("/price/items");
        assertThat(prices).hasSize(16);
        JsonNode wholesale = null;
        for (JsonNode p : prices) {
            if (p.at("/priceLevel/id").asText().equals("2") && p.at("/currencyPage/id").asText().equals("1")) {
                wholesale = p;
            }
        }
        assertThat(wholesale.at("/priceLevel/refName").asText()).isEqualTo("Wholesale");
        assertThat(wholesale.at("/currencyPage/id").asText()).isEqualTo("1");
        assertThat(wholesale.get("price").decimalValue()).isEqualByComparingTo("8.00");
        assertThat(calls.query("SELECT COUNT(*) FROM pricing WHERE item = " + mug)).containsExactly(row("expr1", "16"));

        cell.putObject("priceLevel").put("id", "99");
        assertThat(calls.patch("inventoryItem", mug, patch, null).status()).isEqualTo(400);
    }

    @Test
    void datesCompareInTheUsersTimeZoneAndComeBackInTheUsersFormat() {
        // the sandbox user works in Los Angeles: 08:00 there is 16:00 UTC in November
        String early = createAt("EARLY", "2026-11-23T15:59:59Z");
        String onTime = createAt("ON-TIME", "2026-11-23T16:00:00Z");
        String late = createAt("LATE", "2026-11-24T09:30:15Z");

        String changed = "SELECT id FROM item WHERE itemid IN ('EARLY', 'ON-TIME', 'LATE') AND lastmodifieddate ";
        assertThat(ids(changed + ">= TO_TIMESTAMP('2026-11-23 08:00:00', 'YYYY-MM-DD HH24:MI:SS') ORDER BY id"))
                .containsExactly(onTime, late);
        assertThat(ids(changed + "> TO_TIMESTAMP('2026-11-23 08:00:00', 'YYYY-MM-DD HH24:MI:SS')")).containsExactly(late);
        assertThat(ids(changed + "< TO_TIMESTAMP('2026-11-23 08:00:00', 'YYYY-MM-DD HH24:MI:SS')")).containsExactly(early);
        assertThat(ids(changed + "<= TO_DATE('2026-11-23 08:00', 'YYYY-MM-DD HH24:MI')")).containsExactly(early, onTime);
        assertThat(ids(changed + "BETWEEN TO_DATE('2026-11-23', 'YYYY-MM-DD') AND TO_DATE('2026-11-24', 'YYYY-MM-DD')"))
                .containsExactly(early, onTime);
        assertThat(ids(changed + ">= '11/24/2026'")).as("text in the user's date format").containsExactly(late);
        assertThat(ids(changed + ">= TO_TIMESTAMP('2026-11-24T01:30:15', 'YYYY-MM-DD\"T\"HH24:MI:SS')"))
                .containsExactly(late);
        // now is 2026-11-24T09:30:15Z (the clock the last item was made with)
        assertThat(ids(changed + ">= SYSDATE - 1")).containsExactly(early, onTime, late);
        assertThat(ids(changed + "> CURRENT_DATE - 0.5")).containsExactly(late);

        // a datetime comes back as a date in the user's format; TO_CHAR gives the time
        assertThat(calls.query("SELECT lastmodifieddate, TO_CHAR(lastmodifieddate, 'YYYY-MM-DD HH24:MI:SS') AS exact,"
                + " TO_CHAR(lastmodifieddate, 'DD-MON-YYYY HH12:MI AM') FROM item WHERE id = " + late))
                .containsExactly(row("lastmodifieddate", "11/24/2026", "exact", "2026-11-24 01:30:15",
                        "expr1", "24-NOV-2026 01:30 AM"));
        assertThat(calls.query("SELECT MAX(lastmodifieddate) AS newest FROM item WHERE itemid IN ('EARLY', 'LATE')"))
                .containsExactly(row("newest", "11/24/2026"));

        // a transaction date is a date; another user's preferences format it their way
        String customer = calls.customer("dates@example.com");
        ObjectNode so = calls.json.createObjectNode();
        so.putObject("entity").put("id", customer);
        so.put("tranDate", "2026-11-20");
        calls.upsert("salesOrder", "SO-DATE", so, null).createdId();
        assertThat(calls.query("SELECT trandate FROM transaction WHERE externalid = 'SO-DATE'"))
                .containsExactly(row("trandate", "11/20/2026"));
        sandbox.setUserPreferences(ZoneId.of("Europe/Berlin"), "dd.MM.yyyy");
        assertThat(calls.query("SELECT trandate FROM transaction WHERE trandate >= '20.11.2026'"))
                .containsExactly(row("trandate", "20.11.2026"));
        assertThat(calls.query("SELECT TO_CHAR(lastmodifieddate, 'HH24:MI') AS t FROM item WHERE id = " + early))
                .containsExactly(row("t", "16:59"));
    }

    @Test
    void comparisonsListsPatternsNullsAndBooleanLogic() {
        String mug = calls.itemId("MUG-11OZ");
        String cap = calls.itemId("CAP-ONE");
        String socks = calls.itemId("SOCKS-3PK");
        assertThat(ids("SELECT id FROM item WHERE id IN (" + socks + ", " + mug + ", " + cap + ") ORDER BY id DESC"))
                .containsExactly(socks, cap, mug);
        assertThat(ids("SELECT i.id FROM item i WHERE i.id IN ('" + mug + "', '" + cap + "') AND i.id != " + mug))
                .containsExactly(cap);
        assertThat(ids("SELECT id FROM item WHERE itemid LIKE 'MUG-%' AND NOT (itemid = 'MUG-15OZ' OR itemid LIKE '%PAIR')"))
                .containsExactly(mug);
        assertThat(calls.query("SELECT itemid FROM item WHERE itemtype = 'InvtPart' AND matrixtype IS NULL"
                + " AND itemid NOT IN ('MUG-11OZ', 'MUG-15OZ') AND id < " + socks + " ORDER BY itemid"))
                .extracting(r -> r.get("itemid")).containsExactly("CAP-ONE", "HOODIE-L", "POSTER-A2", "POSTER-A3");
        assertThat(calls.query("SELECT COUNT(*) AS n FROM item WHERE parent IS NOT NULL")).containsExactly(row("n", "3"));
        assertThat(calls.query("SELECT COUNT(*) FROM location WHERE id >= 3 AND subsidiary = 1"))
                .containsExactly(row("expr1", "3"));
        assertThat(calls.query("SELECT name FROM location WHERE id IN (1, 9, 10) ORDER BY 1")).extracting(r -> r.get("name"))
                .containsExactly("Amazon FBA", "Main Warehouse", "Walmart WFS");
        assertThat(calls.query("SELECT UPPER(name) AS n FROM classification WHERE LOWER(name) = 'wall art'"))
                .containsExactly(row("n", "WALL ART"));
        // quantities compare as numbers
        sandbox.setStock("MUG-11OZ", 2, BigDecimal.valueOf(100));
        sandbox.setStock("MUG-11OZ", 3, BigDecimal.valueOf(9));
        assertThat(calls.query("SELECT location FROM inventoryitemlocations WHERE item = " + mug
                + " AND quantityavailable >= 10 AND quantityavailable <= 100 AND location != 1"))
                .containsExactly(row("location", "2"));
    }

    @Test
    void pagesFollowNetSuitesCollectionShapeAndOrderByKeepsThemStable() {
        sandbox.seedItems(1500, List.of(1), 7);
        String q = "SELECT id, itemid FROM item WHERE itemid LIKE 'SEED-%' ORDER BY itemid DESC";
        NetSuiteCalls.Answer first = calls.suiteQl(q, 1000, 0);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().get("count").asInt()).isEqualTo(1000);
        assertThat(first.body().get("totalResults").asInt()).isEqualTo(1500);
        assertThat(first.body().get("hasMore").asBoolean()).isTrue();
        assertThat(first.body().get("offset").asInt()).isZero();
        assertThat(rels(first.body())).containsExactly("first", "next", "last", "self");
        assertThat(href(first.body(), "next")).endsWith("/services/rest/query/v1/suiteql?limit=1000&offset=1000");
        assertThat(first.body().at("/items/0/links")).isEmpty();
        NetSuiteCalls.Answer second = calls.suiteQl(q, 1000, 1000);
        assertThat(second.body().get("count").asInt()).isEqualTo(500);
        assertThat(second.body().get("hasMore").asBoolean()).isFalse();
        assertThat(rels(second.body())).containsExactly("previous", "first", "last", "self");

        List<String> names = new ArrayList<>();
        NetSuiteCalls.rows(first.body()).forEach(r -> names.add(r.get("itemid")));
        NetSuiteCalls.rows(second.body()).forEach(r -> names.add(r.get("itemid")));
        assertThat(names).doesNotHaveDuplicates().hasSize(1500)
                .isEqualTo(IntStream.rangeClosed(1, 1500).mapToObj(n -> String.format("SEED-%06d", n))
                        .sorted((a, b) -> b.compareTo(a)).toList());

        // smaller pages, and keyset paging by id, give the same rows
        List<String> bySmallPages = new ArrayList<>();
        for (int offset = 0; offset < 1500; offset += 250) {
            NetSuiteCalls.rows(calls.suiteQl(q, 250, offset).body()).forEach(r -> bySmallPages.add(r.get("itemid")));
        }
        assertThat(bySmallPages).isEqualTo(names);
        assertThat(calls.suiteQl(q, 500, 250).status()).as("offset not a multiple of limit").isEqualTo(400);
        assertThat(calls.suiteQl(q, 1001, 0).status()).isEqualTo(400);
        assertThat(sandbox.suiteQlRows()).isEqualTo(3000);
    }

    @Test
    void whatSuiteQlCannotDoIsRefusedAsNetSuiteRefusesABadQuery() {
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("SELECT id FROM nosuchtable", "Record 'nosuchtable' was not found");
        refusals.put("SELECT nosuchcolumn FROM item", "Field 'nosuchcolumn' for record 'item' was not found");
        refusals.put("SELECT i.id FROM item i JOIN inventoryitemlocations l ON l.item = i.id", "joins");
        refusals.put("SELECT location, COUNT(*) FROM inventoryitemlocations GROUP BY location", "GROUP BY");
        refusals.put("SELECT id FROM item WHERE id IN (" + IntStream.rangeClosed(1, 1001).mapToObj(Integer::toString)
                .collect(Collectors.joining(",")) + ")", "ORA-01795");
        refusals.put("SELECT id FROM item WHERE lastmodifieddate > TO_DATE('2026-13-45', 'YYYY-MM-DD')", "Invalid date");
        refusals.put("SELECT id FROM item WHERE lastmodifieddate > TO_DATE('2026-11-23', 'YYYY-QQ-DD')", "date format");
        refusals.put("SELECT id FROM item WHERE lastmodifieddate > '2026-11-23'", "user's date format");
        refusals.put("SELECT id FROM item WHERE id = 'abc'", "ORA-01722");
        refusals.put("SELECT id FROM item WHERE itemid = 'x", "ORA-01756");
        refusals.put("SELECT id FROM item FETCH FIRST 10 ROWS ONLY", "limit and offset");
        refusals.forEach((q, why) -> {
            NetSuiteCalls.Answer a = calls.suiteQl(q, 10, 0);
            assertThat(a.status()).as(q).isEqualTo(400);
            assertThat(a.body().get("title").asText()).isEqualTo("Bad Request");
            assertThat(a.errorCode()).as(q).isEqualTo("INVALID_PARAMETER");
            assertThat(a.body().at("/o:errorDetails/0/o:errorQueryParam").asText()).isEqualTo("q");
            assertThat(a.detail()).as(q).startsWith("Invalid search query.").contains(why);
        });
        NetSuiteCalls.Answer noPrefer = calls.send("POST", "/services/rest/query/v1/suiteql", Map.of("q", "SELECT id FROM item"));
        assertThat(noPrefer.status()).isEqualTo(400);
    }

    // ---------------------------------------------------------------- helpers

    private String createAt(String itemId, String instant) {
        sandbox.setClock(Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
        return sandbox.createItem("inventoryItem", itemId, itemId);
    }

    private List<String> ids(String q) {
        return calls.query(q).stream().map(r -> r.get("id")).toList();
    }

    private static List<String> rels(JsonNode page) {
        List<String> rels = new ArrayList<>();
        page.get("links").forEach(l -> rels.add(l.get("rel").asText()));
        return rels;
    }

    private static String href(JsonNode page, String rel) {
        for (JsonNode l : page.get("links")) {
            if (l.get("rel").asText().equals(rel)) {
                return l.get("href").asText();
            }
        }
        return null;
    }

    private static Map<String, String> row(String... keysAndValues) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }
}
