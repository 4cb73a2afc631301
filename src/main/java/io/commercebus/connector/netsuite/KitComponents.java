package io.commercebus.connector.netsuite;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.commercebus.mapping.MappedLine;
import io.commercebus.mapping.MappedRecord;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Kits as component lines, for stores with {@code catalog.kits=components}: a line for a NetSuite kit
 * becomes one line per member (the kit's quantity times the member's), its amount — less the discount
 * line right below it, folded in — shared out by the members' base prices and rounded to the cent,
 * the last member taking the remainder, so the transaction's total does not move. Stores that sell
 * kits as bundles keep the kit line: NetSuite expands it itself.
 */
public class KitComponents {

    private final NetSuiteClient netsuite;
    private final Predicate<String> expands;
    private final Cache<String, List<Member>> members;

    /** A member of a kit: its item, SKU field value (for descriptions), units per kit and base price. */
    record Member(String itemId, String name, BigDecimal quantity, BigDecimal basePrice) {
    }

    /** @param expands whether a store's kits become component lines */
    public KitComponents(NetSuiteClient netsuite, Duration cacheTtl, Predicate<String> expands) {
        this.netsuite = netsuite;
        this.expands = expands;
        this.members = Caffeine.newBuilder().expireAfterWrite(cacheTtl).maximumSize(100_000).build();
    }

    public MappedRecord expand(MappedRecord record) {
        if (!expands.test(record.getStore())) {
            return record;
        }
        Set<String> unknown = new LinkedHashSet<>();
        for (MappedLine line : record.getLines()) {
            if (line.getKind() == MappedLine.Kind.ITEM && line.getItemId() != null && members.getIfPresent(line.getItemId()) == null) {
                unknown.add(line.getItemId());
            }
        }
        load(unknown);
        List<MappedLine> out = new ArrayList<>();
        List<MappedLine> lines = record.getLines();
        for (int i = 0; i < lines.size(); i++) {
            MappedLine line = lines.get(i);
            List<Member> kit = line.getKind() == MappedLine.Kind.ITEM && line.getItemId() != null
                    ? members.getIfPresent(line.getItemId()) : null;
            if (kit == null || kit.isEmpty()) {
                out.add(line);
                continue;
            }
            BigDecimal amount = line.getAmount();
            if (i + 1 < lines.size() && lines.get(i + 1).getKind() == MappedLine.Kind.DISCOUNT) {
                // a discount applies to the line above it: with the kit gone, its members share it
                amount = amount.add(lines.get(++i).getAmount());
            }
            out.addAll(components(line, kit, amount));
        }
        record.setLines(out);
        return record;
    }

    private static List<MappedLine> components(MappedLine kitLine, List<Member> kit, BigDecimal amount) {
        BigDecimal quantity = kitLine.getQuantity() == null ? BigDecimal.ONE : kitLine.getQuantity();
        BigDecimal weightSum = BigDecimal.ZERO;
        for (Member m : kit) {
            weightSum = weightSum.add(weight(m));
        }
        List<MappedLine> lines = new ArrayList<>();
        BigDecimal left = amount;
        int scale = Math.max(2, amount.scale());
        for (int i = 0; i < kit.size(); i++) {
            Member m = kit.get(i);
            BigDecimal share = i == kit.size() - 1 ? left : weightSum.signum() == 0
                    ? amount.divide(BigDecimal.valueOf(kit.size()), scale, RoundingMode.HALF_UP)
                    : amount.multiply(weight(m)).divide(weightSum, scale, RoundingMode.HALF_UP);
            left = left.subtract(share);
            MappedLine line = new MappedLine();
            line.setKind(MappedLine.Kind.ITEM);
            line.setSku(m.name());
            line.setItemId(m.itemId());
            line.setQuantity(quantity.multiply(m.quantity()));
            line.setAmount(share);
            line.setDescription((kitLine.getDescription() == null ? kitLine.getSku() : kitLine.getDescription()) + ": "
                    + m.name());
            line.setFields(new LinkedHashMap<>(kitLine.getFields()));
            lines.add(line);
        }
        return lines;
    }

    private static BigDecimal weight(Member m) {
        return m.basePrice() == null ? BigDecimal.ZERO : m.basePrice().multiply(m.quantity());
    }

    /** Reads which of these items are kits, with their members; every item read is cached (empty: not a kit). */
    private void load(Set<String> itemIds) {
        if (itemIds.isEmpty()) {
            return;
        }
        Map<String, List<String[]>> kits = new LinkedHashMap<>();
        for (List<String> chunk : SuiteQlText.chunks(itemIds)) {
            netsuite.query("SELECT parentitem, item, quantity FROM itemmember WHERE parentitem IN (" + SuiteQlText.numbers(chunk)
                    + ") ORDER BY parentitem, item").forEach(row -> kits.computeIfAbsent(row.get("parentitem"),
                            k -> new ArrayList<>()).add(new String[] {row.get("item"), row.get("quantity")}));
        }
        Set<String> memberIds = new LinkedHashSet<>();
        kits.values().forEach(list -> list.forEach(m -> memberIds.add(m[0])));
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        for (List<String> chunk : SuiteQlText.chunks(memberIds)) {
            String in = SuiteQlText.numbers(chunk);
            netsuite.query("SELECT id, itemid FROM item WHERE id IN (" + in + ") ORDER BY id")
                    .forEach(row -> names.put(row.get("id"), row.get("itemid")));
            // shares follow the base price level in the account's first currency: proportions, not prices
            netsuite.query("SELECT item, unitprice FROM pricing WHERE item IN (" + in + ") AND pricelevel IN (1) AND currency"
                    + " IN (1) ORDER BY item").forEach(row -> {
                        if (row.get("unitprice") != null && !row.get("unitprice").isBlank()) {
                            prices.put(row.get("item"), new BigDecimal(row.get("unitprice")));
                        }
                    });
        }
        for (String id : itemIds) {
            List<Member> kit = new ArrayList<>();
            for (String[] m : kits.getOrDefault(id, List.of())) {
                kit.add(new Member(m[0], names.getOrDefault(m[0], m[0]), new BigDecimal(m[1]), prices.get(m[0])));
            }
            members.put(id, kit);
        }
    }
}
