package io.commercebus.observe;

import io.commercebus.api.LedgerApi.ApiException;
import io.commercebus.ledger.Ledger;
import io.commercebus.ledger.LedgerQuery;
import io.commercebus.ledger.LedgerRecord;
import io.commercebus.ledger.LedgerTally;
import io.commercebus.ledger.RecordState;
import io.commercebus.support.Html;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static io.commercebus.support.Html.esc;

/**
 * The operators' status page ({@code GET /status}): ledger records by state per store, the records of a
 * chosen state a page at a time, a search by marketplace order number (the record's external id), and the
 * dead letters by reason with how to replay them. Server-rendered in the look of {@link Html}; every value
 * from the ledger is escaped, since order data comes from outside.
 */
public class StatusPage {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final Ledger ledger;
    private final Clock clock;
    private final int pageSize;

    /** @param pageSize records listed per page */
    public StatusPage(Ledger ledger, Clock clock, int pageSize) {
        if (pageSize < 1 || pageSize > LedgerQuery.MAX_LIMIT - 1) {
            throw new IllegalArgumentException("bus.observe.status-page-size must be 1.." + (LedgerQuery.MAX_LIMIT - 1)
                    + ", was " + pageSize);
        }
        this.ledger = ledger;
        this.clock = clock;
        this.pageSize = pageSize;
    }

    /**
     * @param state  list the records in this state (with reason, marketplace and store narrowing it)
     * @param order  find the records whose external id is this marketplace order number
     * @param offset how many records of the state to skip (paging)
     */
    public String render(String state, String reason, String marketplace, String store, String order, Integer offset) {
        RecordState chosen = parseState(state);
        int skip = offset == null ? 0 : offset;
        if (skip < 0) {
            throw new ApiException(400, "offset must not be negative, was " + skip);
        }
        List<LedgerTally> tally = ledger.tally();
        StringBuilder html = Html.page("commerce-bus status");
        html.append("<h1>commerce-bus status</h1>\n<p class=\"sub\">Ledger as of ").append(esc(WHEN.format(Instant.now(clock))))
                .append(" · <a href=\"/status\">refresh</a> · JSON: <code>/api/status</code>, <code>/api/records</code>")
                .append(" · health: <code>/observe/health</code> · metrics: <code>/observe/metrics</code></p>\n");
        totals(html, tally);
        search(html, order);
        if (order != null && !order.isBlank()) {
            found(html, order.trim());
        }
        byStore(html, tally);
        deadLetters(html, tally);
        if (chosen != null) {
            inState(html, chosen, blankToNull(reason), blankToNull(marketplace), blankToNull(store), skip);
        }
        return html.append("</body></html>\n").toString();
    }

    private static void totals(StringBuilder html, List<LedgerTally> tally) {
        Map<RecordState, Long> totals = new EnumMap<>(RecordState.class);
        for (RecordState s : RecordState.values()) {
            totals.put(s, 0L);
        }
        tally.forEach(t -> totals.merge(t.state(), t.count(), Long::sum));
        html.append("<div class=\"cards\">");
        totals.forEach((state, count) -> Html.card(html, state == RecordState.DEAD && count > 0 ? "bad" : "", Long.toString(count),
                state.name(), link("state", state.name())));
        html.append("</div>\n");
    }

    private static void search(StringBuilder html, String order) {
        html.append("<form method=\"get\" action=\"/status\"><label for=\"order\">Marketplace order number </label>")
                .append("<input type=\"search\" id=\"order\" name=\"order\" value=\"").append(esc(order == null ? "" : order))
                .append("\" placeholder=\"e.g. 104 or 902-3434782-1151059\"> <button type=\"submit\">Find</button></form>\n");
    }

    private void found(StringBuilder html, String order) {
        String number = order.startsWith("#") ? order.substring(1) : order;
        List<LedgerRecord> records = ledger.list(new LedgerQuery(null, null, null, null, null, number, pageSize, 0));
        html.append("<h2>Records for order number ").append(esc(number)).append("</h2>\n");
        if (records.isEmpty()) {
            html.append("<p>No ledger record has the external id <code>").append(esc(number))
                    .append("</code>. A marketplace order the bus never received shows in reconciliation as ORDER_MISSING.</p>\n");
            return;
        }
        records(html, records);
    }

    private static void byStore(StringBuilder html, List<LedgerTally> tally) {
        Map<String, Map<RecordState, Long>> stores = new TreeMap<>();
        Map<String, String[]> keys = new LinkedHashMap<>();
        for (LedgerTally t : tally) {
            String key = t.marketplace() + "/" + t.store();
            keys.putIfAbsent(key, new String[] {t.marketplace(), t.store()});
            stores.computeIfAbsent(key, k -> new EnumMap<>(RecordState.class)).merge(t.state(), t.count(), Long::sum);
        }
        html.append("<h2>Records by store</h2>\n");
        if (stores.isEmpty()) {
            html.append("<p>The ledger is empty: no marketplace record has arrived yet.</p>\n");
            return;
        }
        html.append("<table><thead><tr><th>Marketplace</th><th>Store</th>");
        for (RecordState s : RecordState.values()) {
            html.append("<th class=\"n\">").append(s.name()).append("</th>");
        }
        html.append("</tr></thead><tbody>\n");
        stores.forEach((key, counts) -> {
            String[] ms = keys.get(key);
            html.append("<tr><td>").append(esc(ms[0])).append("</td><td>").append(esc(ms[1])).append("</td>");
            for (RecordState s : RecordState.values()) {
                long n = counts.getOrDefault(s, 0L);
                html.append("<td class=\"n\">");
                if (n == 0) {
                    html.append('0');
                } else {
                    html.append("<a href=\"").append(esc(link("state", s.name(), "marketplace", ms[0], "store", ms[1])))
                            .append("\"").append(s == RecordState.DEAD ? " class=\"bad\"" : "").append('>').append(n).append("</a>");
                }
                html.append("</td>");
            }
            html.append("</tr>\n");
        });
        html.append("</tbody></table>\n");
    }

    private static void deadLetters(StringBuilder html, List<LedgerTally> tally) {
        Map<String, Long> byReason = new TreeMap<>();
        tally.stream().filter(t -> t.state() == RecordState.DEAD)
                .forEach(t -> byReason.merge(t.reason() == null ? "" : t.reason(), t.count(), Long::sum));
        html.append("<h2>Dead letters</h2>\n");
        if (byReason.isEmpty()) {
            html.append("<p class=\"ok\">None: every record is delivered, on its way or left out on purpose.</p>\n");
            return;
        }
        html.append("<table><thead><tr><th>Reason</th><th class=\"n\">Records</th><th>Replay once the cause is fixed</th>")
                .append("</tr></thead><tbody>\n");
        byReason.forEach((reason, count) -> html.append("<tr><td><a href=\"")
                .append(esc(link("state", "DEAD", "reason", reason))).append("\"><span class=\"reason\">").append(esc(reason))
                .append("</span></a></td><td class=\"n\">").append(count).append("</td><td><code>POST /api/dead-letters/replay?reason=")
                .append(esc(encode(reason))).append("</code></td></tr>\n"));
        html.append("</tbody></table>\n<p class=\"sub\">One record: <code>POST /api/dead-letters/{id}/replay</code>; add")
                .append(" <code>?refetch=true</code> to fetch it from the marketplace again first.</p>\n");
    }

    private void inState(StringBuilder html, RecordState state, String reason, String marketplace, String store, int offset) {
        List<LedgerRecord> page = ledger.list(new LedgerQuery(marketplace, store, null, state, reason, null, pageSize + 1, offset));
        boolean more = page.size() > pageSize;
        List<LedgerRecord> shown = more ? page.subList(0, pageSize) : page;
        html.append("<h2 id=\"records\">Records in state ").append(state.name());
        if (reason != null) {
            html.append(", reason ").append(esc(reason));
        }
        if (store != null) {
            html.append(", store ").append(esc(store));
        }
        html.append("</h2>\n");
        if (shown.isEmpty()) {
            html.append("<p>No ").append(offset > 0 ? "more " : "").append("records.</p>\n");
        } else {
            html.append("<p class=\"sub\">").append(offset + 1).append("–").append(offset + shown.size())
                    .append(", most recently changed first</p>\n");
            records(html, shown);
        }
        html.append("<div class=\"pages\">");
        if (offset > 0) {
            html.append("<a href=\"").append(esc(link("state", state.name(), "reason", reason, "marketplace", marketplace, "store",
                    store, "offset", Integer.toString(Math.max(0, offset - pageSize))))).append("#records\">← newer</a>");
        }
        if (more) {
            html.append("<a href=\"").append(esc(link("state", state.name(), "reason", reason, "marketplace", marketplace, "store",
                    store, "offset", Integer.toString(offset + pageSize)))).append("#records\">older →</a>");
        }
        html.append("</div>\n");
    }

    private static void records(StringBuilder html, List<LedgerRecord> records) {
        html.append("<table><thead><tr><th>Id</th><th>Marketplace</th><th>Store</th><th>Type</th><th>External id</th>")
                .append("<th>State</th><th class=\"n\">Attempts</th><th>Reason / last error</th><th>NetSuite</th><th>Changed</th>")
                .append("</tr></thead><tbody>\n");
        for (LedgerRecord r : records) {
            html.append("<tr><td><a href=\"/api/records/").append(r.id()).append("\">").append(r.id()).append("</a></td><td>")
                    .append(esc(r.key().marketplace())).append("</td><td>").append(esc(r.key().store())).append("</td><td>")
                    .append(esc(r.key().recordType())).append("</td><td>").append(esc(r.key().externalId())).append("</td><td>")
                    .append(r.state().name()).append("</td><td class=\"n\">").append(r.attempts()).append("</td><td class=\"detail\">");
            if (r.reason() != null) {
                html.append("<span class=\"reason\">").append(esc(r.reason())).append("</span> ");
            }
            html.append(esc(r.lastError())).append("</td><td>");
            if (r.netsuiteId() != null) {
                html.append(esc(r.netsuiteType())).append(' ').append(esc(r.netsuiteId()));
            }
            html.append("</td><td>").append(esc(WHEN.format(r.updatedAt()))).append("</td></tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    /** A link to this page with the given parameters (name, value, …); null values are left out. */
    private static String link(String... nameValue) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i + 1 < nameValue.length; i += 2) {
            if (nameValue[i + 1] != null) {
                parts.add(nameValue[i] + "=" + encode(nameValue[i + 1]));
            }
        }
        return "/status?" + String.join("&", parts);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static RecordState parseState(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return RecordState.valueOf(state.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "Unknown state '" + state + "': use one of " + List.of(RecordState.values()));
        }
    }
}
