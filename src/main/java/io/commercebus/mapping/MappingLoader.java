package io.commercebus.mapping;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one mapping file (YAML whose values are JSONata expressions) and checks everything that can
 * be checked before a record arrives: the keys, the value types, the expressions' syntax and the
 * lookup tables they name. Each problem is reported with file, line, column and field.
 *
 * <pre>
 * record: salesOrder
 * externalId: "'BC-' &amp; $store.id &amp; '-' &amp; id"
 * fields:
 *   memo: "'Order ' &amp; id"                     # JSONata, result used as is
 *   shippingCost: { money: shipping_cost_ex_tax }  # typed: money, quantity, date, ref, text, boolean
 * lines:
 *   - each: products
 *     sku: sku
 *     quantity: quantity
 *     rate: price_ex_tax
 * </pre>
 */
final class MappingLoader {

    private static final Set<String> TOP_KEYS = Set.of("record", "close", "when", "skip", "externalId", "currency", "timeZone",
            "chargedTotal", "totalDrift", "origin", "customer", "fields", "lines", "payment");
    private static final Set<String> PAYMENT_KEYS = Set.of("amount", "fields");
    private static final Set<String> SKIP_KEYS = Set.of("when", "reason");
    private static final Set<String> DRIFT_KEYS = Set.of("threshold", "adjustmentSku");
    private static final Set<String> CUSTOMER_KEYS = Set.of("email", "externalId", "guest", "fields", "address");
    private static final Set<String> ADDRESS_KEYS = Set.of("addressee", "attention", "addr1", "addr2", "addr3", "city",
            "state", "zip", "country", "addrPhone");
    private static final java.util.regex.Pattern REASON = java.util.regex.Pattern.compile("[A-Z][A-Z0-9_]{1,63}");
    private static final Set<String> LINE_KEYS = Set.of("kind", "each", "when", "sku", "lineId", "description", "quantity",
            "rate", "amount", "discount", "discountSku", "fields");
    private static final Pattern TABLE_CALL = Pattern.compile("\\$table\\(\\s*['\"]([^'\"]+)['\"]");

    private final String name;
    private final String file;
    private final Map<String, LookupTable> tables;
    private final List<MappingException.Problem> problems;

    private MappingLoader(String name, String file, Map<String, LookupTable> tables, List<MappingException.Problem> problems) {
        this.name = name;
        this.file = file;
        this.tables = tables;
        this.problems = problems;
    }

    /**
     * @param name     the mapping's name, e.g. bigcommerce/order-to-sales-order
     * @param file     the file name shown in problems
     * @param text     the file's content
     * @param tables   the lookup tables its expressions may use
     * @param problems where problems are added; the result is null when any were found
     */
    static RecordMapping load(String name, String file, String text, Map<String, LookupTable> tables,
                              List<MappingException.Problem> problems) {
        int before = problems.size();
        MappingLoader loader = new MappingLoader(name, file, tables, problems);
        RecordMapping mapping = loader.read(text);
        return problems.size() == before ? mapping : null;
    }

    private RecordMapping read(String text) {
        Optional<Node> document;
        try {
            document = new Compose(LoadSettings.builder().setLabel(file).build()).composeString(text);
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().orElse(null);
            problem(mark == null ? 0 : mark.getLine() + 1, mark == null ? 0 : mark.getColumn() + 1, null,
                    "not valid YAML: " + e.getProblem());
            return null;
        } catch (YamlEngineException e) {
            problem(0, 0, null, "not valid YAML: " + e.getMessage());
            return null;
        }
        if (document.isEmpty() || !(document.get() instanceof MappingNode root)) {
            problem(document.map(this::line).orElse(0), 0, null, "a mapping file is a YAML map with keys " + TOP_KEYS);
            return null;
        }
        Map<String, Node> top = entries(root, "", TOP_KEYS);

        String recordType = literal(top.get("record"), "record");
        if (top.get("record") == null) {
            problem(line(root), 0, "record", "missing: the NetSuite record type, e.g. salesOrder");
        }
        boolean close = false;
        if (top.get("close") != null) {
            String closeText = literal(top.get("close"), "close");
            close = "true".equals(closeText);
            if (!close && !"false".equals(closeText)) {
                problem(line(top.get("close")), column(top.get("close")), "close", "must be true or false");
            }
        }
        FieldExpression applies = expression(top.get("when"), "when", ValueType.BOOLEAN);
        List<RecordMapping.SkipRule> skips = skipRules(top.get("skip"));
        ZoneId zone = ZoneId.of("UTC");
        if (top.get("timeZone") != null) {
            String zoneText = literal(top.get("timeZone"), "timeZone");
            try {
                zone = ZoneId.of(zoneText);
            } catch (DateTimeException | NullPointerException e) {
                problem(line(top.get("timeZone")), column(top.get("timeZone")), "timeZone",
                        "'" + zoneText + "' is not a time zone id such as UTC or America/Chicago");
            }
        }
        FieldExpression externalId = requiredExpression(top, root, "externalId", "externalId", ValueType.TEXT);
        FieldExpression currency = expression(top.get("currency"), "currency", ValueType.TEXT);
        FieldExpression chargedTotal = expression(top.get("chargedTotal"), "chargedTotal", ValueType.MONEY);

        FieldExpression threshold = null;
        FieldExpression adjustmentSku = null;
        if (top.get("totalDrift") != null) {
            Map<String, Node> drift = entries(top.get("totalDrift"), "totalDrift", DRIFT_KEYS);
            threshold = requiredExpression(drift, top.get("totalDrift"), "threshold", "totalDrift.threshold", ValueType.MONEY);
            adjustmentSku = requiredExpression(drift, top.get("totalDrift"), "adjustmentSku", "totalDrift.adjustmentSku",
                    ValueType.TEXT);
            if (chargedTotal == null) {
                problem(line(top.get("totalDrift")), 0, "totalDrift", "needs chargedTotal: the total to compare with");
            }
        }

        FieldExpression customerEmail = null;
        FieldExpression customerExternalId = null;
        FieldExpression customerGuest = null;
        Map<String, FieldExpression> customerFields = Map.of();
        Map<String, FieldExpression> customerAddress = Map.of();
        if (top.get("customer") != null) {
            Map<String, Node> customer = entries(top.get("customer"), "customer", CUSTOMER_KEYS);
            customerEmail = requiredExpression(customer, top.get("customer"), "email", "customer.email", ValueType.TEXT);
            customerExternalId = expression(customer.get("externalId"), "customer.externalId", ValueType.TEXT);
            customerGuest = expression(customer.get("guest"), "customer.guest", ValueType.BOOLEAN);
            customerFields = fieldMap(customer.get("fields"), "customer.fields");
            if (customer.get("address") != null) {
                entries(customer.get("address"), "customer.address", ADDRESS_KEYS);
                customerAddress = fieldMap(customer.get("address"), "customer.address");
            }
        }
        Map<String, FieldExpression> fields = fieldMap(top.get("fields"), "fields");
        List<LineGroup> lines = lineGroups(top.get("lines"));
        FieldExpression origin = expression(top.get("origin"), "origin", ValueType.TEXT);
        FieldExpression paymentAmount = null;
        Map<String, FieldExpression> paymentFields = Map.of();
        if (top.get("payment") != null) {
            Map<String, Node> payment = entries(top.get("payment"), "payment", PAYMENT_KEYS);
            paymentAmount = requiredExpression(payment, top.get("payment"), "amount", "payment.amount", ValueType.MONEY);
            paymentFields = fieldMap(payment.get("fields"), "payment.fields");
            if (origin == null) {
                problem(line(top.get("payment")), 0, "payment", "needs origin: the marketplace order whose customer is paid back");
            }
        }

        return new RecordMapping(name, file, recordType, close, applies, skips, zone, externalId, currency, chargedTotal, threshold,
                adjustmentSku, origin, customerEmail, customerExternalId, customerGuest, customerFields, customerAddress, fields,
                lines, paymentAmount, paymentFields, tables);
    }

    /** {@code skip:} a list of {when: expression, reason: REASON_CODE}, checked in order before mapping. */
    private List<RecordMapping.SkipRule> skipRules(Node node) {
        List<RecordMapping.SkipRule> rules = new ArrayList<>();
        if (node == null) {
            return rules;
        }
        if (!(node instanceof SequenceNode sequence)) {
            problem(line(node), column(node), "skip", "must be a list of { when: expression, reason: CODE }");
            return rules;
        }
        for (int i = 0; i < sequence.getValue().size(); i++) {
            Node item = sequence.getValue().get(i);
            String path = "skip[" + i + "]";
            Map<String, Node> rule = entries(item, path, SKIP_KEYS);
            FieldExpression when = requiredExpression(rule, item, "when", path + ".when", ValueType.BOOLEAN);
            String reason = literal(rule.get("reason"), path + ".reason");
            if (reason == null || !REASON.matcher(reason).matches()) {
                problem(line(item), 0, path + ".reason", "a reason code in capitals, e.g. AWAITING_PAYMENT");
            } else if (when != null) {
                rules.add(new RecordMapping.SkipRule(when, reason));
            }
        }
        return rules;
    }

    private List<LineGroup> lineGroups(Node node) {
        List<LineGroup> groups = new ArrayList<>();
        if (node == null) {
            return groups;
        }
        if (!(node instanceof SequenceNode sequence)) {
            problem(line(node), column(node), "lines", "must be a list of line groups (each entry starts with '-')");
            return groups;
        }
        for (int i = 0; i < sequence.getValue().size(); i++) {
            Node item = sequence.getValue().get(i);
            String path = "lines[" + i + "]";
            Map<String, Node> entry = entries(item, path, LINE_KEYS);
            MappedLine.Kind kind = MappedLine.Kind.ITEM;
            if (entry.get("kind") != null) {
                String kindText = literal(entry.get("kind"), path + ".kind");
                if ("charge".equals(kindText)) {
                    kind = MappedLine.Kind.CHARGE;
                } else if (!"item".equals(kindText)) {
                    problem(line(entry.get("kind")), column(entry.get("kind")), path + ".kind",
                            "'" + kindText + "' is not a line kind: use item or charge");
                }
            }
            FieldExpression discount = expression(entry.get("discount"), path + ".discount", ValueType.MONEY);
            FieldExpression discountSku = expression(entry.get("discountSku"), path + ".discountSku", ValueType.TEXT);
            if (discount != null && discountSku == null) {
                problem(line(item), 0, path + ".discountSku", "a line with a discount needs discountSku: the NetSuite"
                        + " discount item that carries it");
            }
            boolean hasAmount = entry.containsKey("amount");
            if (!hasAmount && !(entry.containsKey("quantity") && entry.containsKey("rate"))) {
                problem(line(item), 0, path, "needs amount, or quantity and rate");
            }
            groups.add(new LineGroup(path, kind,
                    expression(entry.get("each"), path + ".each", ValueType.VALUE),
                    expression(entry.get("when"), path + ".when", ValueType.BOOLEAN),
                    requiredExpression(entry, item, "sku", path + ".sku", ValueType.TEXT),
                    expression(entry.get("lineId"), path + ".lineId", ValueType.TEXT),
                    expression(entry.get("description"), path + ".description", ValueType.TEXT),
                    expression(entry.get("quantity"), path + ".quantity", ValueType.QUANTITY),
                    expression(entry.get("rate"), path + ".rate", ValueType.MONEY),
                    expression(entry.get("amount"), path + ".amount", ValueType.MONEY),
                    discount, discountSku,
                    fieldMap(entry.get("fields"), path + ".fields")));
        }
        return groups;
    }

    /** A map of NetSuite field name → value spec: an expression, or {type: expression}. */
    private Map<String, FieldExpression> fieldMap(Node node, String path) {
        Map<String, FieldExpression> out = new LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        for (Map.Entry<String, Node> e : entries(node, path, null).entrySet()) {
            String fieldPath = path + "." + e.getKey();
            Node value = e.getValue();
            if (value instanceof MappingNode typed) {
                Map<String, Node> spec = entries(typed, fieldPath, null);
                if (spec.size() != 1) {
                    problem(line(value), column(value), fieldPath, "a typed value has exactly one key, one of "
                            + typeKeys() + ", e.g. { money: total_tax }");
                    continue;
                }
                Map.Entry<String, Node> only = spec.entrySet().iterator().next();
                ValueType type = ValueType.ofKey(only.getKey());
                if (type == null) {
                    problem(line(value), column(value), fieldPath, "'" + only.getKey() + "' is not a value type; use one of "
                            + typeKeys());
                    continue;
                }
                FieldExpression expression = expression(only.getValue(), fieldPath, type);
                if (expression != null) {
                    out.put(e.getKey(), expression);
                }
            } else {
                FieldExpression expression = expression(value, fieldPath, ValueType.VALUE);
                if (expression != null) {
                    out.put(e.getKey(), expression);
                }
            }
        }
        return out;
    }

    private FieldExpression requiredExpression(Map<String, Node> map, Node parent, String key, String path, ValueType type) {
        if (map.get(key) == null) {
            problem(line(parent), 0, path, "missing");
            return null;
        }
        return expression(map.get(key), path, type);
    }

    /** Compiles a scalar as JSONata; null node → null. */
    private FieldExpression expression(Node node, String path, ValueType type) {
        if (node == null) {
            return null;
        }
        if (!(node instanceof ScalarNode scalar)) {
            problem(line(node), column(node), path, "must be a JSONata expression (text)");
            return null;
        }
        String source = scalar.getValue();
        if (source.isBlank()) {
            problem(line(node), column(node), path, "empty expression");
            return null;
        }
        Jsonata compiled;
        try {
            compiled = Jsonata.jsonata(source);
        } catch (JException e) {
            problem(line(node), column(node), path, "JSONata " + e.getError() + " at position " + e.getLocation()
                    + " of \"" + source + "\": " + e.getMessage());
            return null;
        } catch (RuntimeException e) {
            problem(line(node), column(node), path, "invalid JSONata \"" + source + "\": " + e.getMessage());
            return null;
        }
        Matcher m = TABLE_CALL.matcher(source);
        while (m.find()) {
            if (!tables.containsKey(m.group(1))) {
                problem(line(node), column(node), path, "no lookup table '" + m.group(1) + "' (expected "
                        + m.group(1) + ".csv in the mapping's lookups folder); known tables: " + tables.keySet());
            }
        }
        return new FieldExpression(path, source, type, file + ":" + line(node), compiled);
    }

    /** The entries of a YAML map, checking keys against the allowed ones (null = any). */
    private Map<String, Node> entries(Node node, String path, Set<String> allowed) {
        Map<String, Node> out = new LinkedHashMap<>();
        if (!(node instanceof MappingNode map)) {
            problem(line(node), column(node), path, "must be a map of keys to values");
            return out;
        }
        for (NodeTuple tuple : map.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                problem(line(tuple.getKeyNode()), column(tuple.getKeyNode()), path, "keys must be plain names");
                continue;
            }
            String key = keyNode.getValue();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            if (allowed != null && !allowed.contains(key)) {
                problem(line(keyNode), column(keyNode), keyPath, "unknown key; expected one of " + allowed);
                continue;
            }
            if (out.put(key, tuple.getValueNode()) != null) {
                problem(line(keyNode), column(keyNode), keyPath, "duplicate key");
            }
        }
        return out;
    }

    private String literal(Node node, String path) {
        if (node == null) {
            return null;
        }
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        problem(line(node), column(node), path, "must be plain text");
        return null;
    }

    private static String typeKeys() {
        List<String> keys = new ArrayList<>();
        for (ValueType t : ValueType.values()) {
            keys.add(t.key());
        }
        return keys.toString();
    }

    private void problem(int line, int column, String field, String message) {
        problems.add(new MappingException.Problem(file, line, column, field, message));
    }

    private int line(Node node) {
        return node == null ? 0 : node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    private int column(Node node) {
        return node == null ? 0 : node.getStartMark().map(m -> m.getColumn() + 1).orElse(0);
    }
}
