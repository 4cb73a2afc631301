package io.commercebus.connector.netsuite;

import io.commercebus.mapping.MappedLine;
import io.commercebus.mapping.MappedRecord;
import io.commercebus.sandbox.Sandboxes;
import io.commercebus.sandbox.netsuite.NetSuiteSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** A kit line becomes its members' lines, its amount (discount folded in) shared by base price, the total unmoved. */
class KitComponentsTest {

    NetSuiteSandbox sandbox;
    NetSuiteClient client;
    String kit;

    @BeforeEach
    void start() {
        sandbox = Sandboxes.netsuite(5, Duration.ZERO);
        client = Sandboxes.client(sandbox, 5, Duration.ofSeconds(10));
        Map<String, BigDecimal> members = new LinkedHashMap<>();
        members.put("MUG-11OZ", new BigDecimal("2"));   // base price 12.99
        members.put("POSTER-A3", BigDecimal.ONE);       // base price 29.99
        kit = sandbox.createKit("DESK-SET", "Desk set", members);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void aKitLineBecomesItsMembersAndTheTotalStays() {
        MappedRecord order = order(line(MappedLine.Kind.ITEM, "DESK-SET", kit, "3", "150.00"),
                line(MappedLine.Kind.DISCOUNT, "BC-DISCOUNT", "9", null, "-10.01"),
                line(MappedLine.Kind.CHARGE, "SALES-TAX", "8", null, "11.55"));
        BigDecimal before = order.computeTotal();

        new KitComponents(client, Duration.ofMinutes(1), store -> true).expand(order);

        String mug = id("MUG-11OZ");
        String poster = id("POSTER-A3");
        // 150.00 − 10.01 = 139.99, shared 2 × 12.99 : 29.99 → 64.98 and the remainder 75.01
        assertThat(order.getLines()).extracting(MappedLine::getKind, MappedLine::getItemId, MappedLine::getQuantity,
                MappedLine::getAmount).containsExactly(
                tuple(MappedLine.Kind.ITEM, mug, new BigDecimal("6"), new BigDecimal("64.98")),
                tuple(MappedLine.Kind.ITEM, poster, new BigDecimal("3"), new BigDecimal("75.01")),
                tuple(MappedLine.Kind.CHARGE, "8", null, new BigDecimal("11.55")));
        assertThat(order.computeTotal()).isEqualByComparingTo(before);
    }

    @Test
    void aStoreThatSellsKitsAsBundlesKeepsTheKitLine() {
        MappedRecord order = order(line(MappedLine.Kind.ITEM, "DESK-SET", kit, "1", "50.00"));

        new KitComponents(client, Duration.ofMinutes(1), store -> false).expand(order);

        assertThat(order.getLines()).extracting(MappedLine::getItemId).containsExactly(kit);
    }

    private static MappedRecord order(MappedLine... lines) {
        MappedRecord order = new MappedRecord();
        order.setStore("web");
        order.setLines(new ArrayList<>(List.of(lines)));
        return order;
    }

    private static MappedLine line(MappedLine.Kind kind, String sku, String itemId, String quantity, String amount) {
        MappedLine line = new MappedLine();
        line.setKind(kind);
        line.setSku(sku);
        line.setItemId(itemId);
        line.setQuantity(quantity == null ? null : new BigDecimal(quantity));
        line.setAmount(new BigDecimal(amount));
        return line;
    }

    private String id(String itemId) {
        return client.query("SELECT id FROM item WHERE itemid = " + NetSuiteClient.literal(itemId)).get(0).get("id");
    }
}
