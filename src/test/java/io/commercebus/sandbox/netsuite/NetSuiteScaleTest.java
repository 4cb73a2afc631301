package io.commercebus.sandbox.netsuite;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.sandbox.Sandboxes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hundred thousand items in three locations: SuiteQL over them answers correctly (the lead's
 * benchmark measures how fast; this test prints the times but asserts only correctness).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetSuiteScaleTest {

    static final int ITEMS = 100_000;
    static final Instant CHANGED_AT = Instant.parse("2030-01-15T18:00:00Z");

    NetSuiteSandbox sandbox;
    NetSuiteCalls calls;
    NetSuiteSandbox.SeededItems seeded;
    TreeSet<Integer> changed = new TreeSet<>();

    @BeforeAll
    void seed() {
        sandbox = Sandboxes.netsuite(5, Duration.ZERO);
        calls = new NetSuiteCalls(sandbox);
        long started = System.nanoTime();
        seeded = sandbox.seedItems(ITEMS, List.of(1, 2, 3), 42);
        System.out.printf("seeded %d items in %d ms%n", ITEMS, (System.nanoTime() - started) / 1_000_000);
        // later than every seeded time: 1,500 items change at location 2
        sandbox.setClock(Clock.fixed(CHANGED_AT, ZoneOffset.UTC));
        Random random = new Random(1);
        while (changed.size() < 1500) {
            changed.add(seeded.firstId() + random.nextInt(ITEMS));
        }
        changed.forEach(id -> sandbox.adjustStock(Integer.toString(id), 2, BigDecimal.valueOf(1000)));
    }

    @AfterAll
    void stop() {
        sandbox.close();
    }

    @Test
    void aPageOfRowsChangedSinceAWatermark() {
        String q = "SELECT item, location, quantityavailable,"
                + " TO_CHAR(lastquantityavailablechange, 'YYYY-MM-DD HH24:MI:SS') AS changed"
                + " FROM inventoryitemlocations"
                + " WHERE lastquantityavailablechange >= TO_TIMESTAMP('2030-01-15 10:00:00', 'YYYY-MM-DD HH24:MI:SS')"
                + " ORDER BY item, location";
        NetSuiteCalls.Answer first = timed("changed rows, page 1", q, 0);
        assertThat(first.body().get("totalResults").asInt()).isEqualTo(1500);
        assertThat(first.body().get("count").asInt()).isEqualTo(1000);
        NetSuiteCalls.Answer second = timed("changed rows, page 2", q, 1000);
        List<Map<String, String>> rows = new ArrayList<>(NetSuiteCalls.rows(first.body()));
        rows.addAll(NetSuiteCalls.rows(second.body()));
        assertThat(rows).extracting(r -> Integer.parseInt(r.get("item"))).containsExactlyElementsOf(changed);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.get("location")).isEqualTo("2");
            assertThat(r.get("changed")).isEqualTo("2030-01-15 10:00:00");
            assertThat(Integer.parseInt(r.get("quantityavailable"))).isBetween(1000, 1199);
        });
        // the same rows through the Java view of the account
        int sample = changed.first();
        assertThat(rows.get(0).get("quantityavailable"))
                .isEqualTo(sandbox.stock(Integer.toString(sample)).get(1).quantityAvailable().toPlainString());
    }

    @Test
    void itemsByIdListsAndKeysetPagingOverTheWholeCatalogue() {
        List<Integer> ids = new ArrayList<>(changed).subList(0, 1000);
        String in = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        NetSuiteCalls.Answer byIds = timed("1000 items by id", "SELECT item, location, quantityonhand"
                + " FROM inventoryitemlocations WHERE item IN (" + in + ") AND location IN (1, 2, 3)", 0);
        assertThat(byIds.body().get("totalResults").asInt()).isEqualTo(3000);

        NetSuiteCalls.Answer names = timed("1000 items by name", "SELECT id, itemid FROM item WHERE itemid IN ("
                + ids.stream().map(id -> "'SEED-" + String.format("%06d", id - seeded.firstId() + 1) + "'")
                .collect(Collectors.joining(",")) + ")", 0);
        assertThat(NetSuiteCalls.rows(names.body())).extracting(r -> Integer.parseInt(r.get("id")))
                .containsExactlyElementsOf(ids);

        // a query over every row stops at NetSuite's 100,000 results; keyset paging by item reaches the rest
        NetSuiteCalls.Answer all = timed("every row", "SELECT item, location FROM inventoryitemlocations"
                + " WHERE location IN (1, 2, 3) ORDER BY item, location", 0);
        assertThat(all.body().get("totalResults").asInt()).isEqualTo(100_000);
        int lastItem = seeded.firstId() + ITEMS - 1;
        NetSuiteCalls.Answer tail = timed("keyset page", "SELECT item, location FROM inventoryitemlocations"
                + " WHERE item > " + (lastItem - 400) + " AND location IN (1, 2, 3) ORDER BY item, location", 0);
        assertThat(tail.body().get("totalResults").asInt()).isEqualTo(1200);
        assertThat(tail.body().at("/items/0/item").asInt()).isEqualTo(lastItem - 399);

        NetSuiteCalls.Answer modified = timed("items modified since", "SELECT id FROM item WHERE lastmodifieddate"
                + " >= TO_TIMESTAMP('2030-01-01', 'YYYY-MM-DD')", 0);
        assertThat(modified.body().get("totalResults").asInt()).isZero();
        NetSuiteCalls.Answer prices = timed("prices of 1000 items", "SELECT item, unitprice FROM pricing WHERE item IN ("
                + in + ") AND pricelevel = 1", 0);
        assertThat(prices.body().get("totalResults").asInt()).isEqualTo(1000);
    }

    private NetSuiteCalls.Answer timed(String what, String q, int offset) {
        long started = System.nanoTime();
        NetSuiteCalls.Answer answer = calls.suiteQl(q, 1000, offset);
        System.out.printf("SuiteQL %s: %d ms%n", what, (System.nanoTime() - started) / 1_000_000);
        JsonNode body = answer.body();
        assertThat(answer.status()).as("%s: %s", q, body).isEqualTo(200);
        return answer;
    }
}
