package io.commercebus.reconciliation;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The reconciliation report as a page finance can read: the period, what was compared, a line per
 * reason with count and amount, and every gap with what to do about it. Plain HTML and CSS, no script;
 * every value from the data is escaped.
 */
public final class ReportPage {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final Map<String, String> REASONS = Map.of(
            GapReason.ORDER_MISSING, "Orders missing in NetSuite",
            GapReason.ORDER_EXTRA, "NetSuite transactions without an order",
            GapReason.TOTAL_MISMATCH, "Order totals that differ",
            GapReason.PAYOUT_MISMATCH, "Payouts that do not add up",
            GapReason.PAYOUT_ORDER_UNKNOWN, "Payouts for orders NetSuite lacks",
            GapReason.PAYOUT_NOT_POSTED, "Payouts not posted",
            GapReason.FULFILLMENT_NOT_SENT, "Shipments not passed back",
            GapReason.REFUND_NOT_POSTED, "Refunds not posted");
    private static final Map<String, String> COUNTS = Map.of(
            "marketplaceOrders", "Marketplace orders",
            "expectedInNetSuite", "Orders due in NetSuite",
            "matched", "Matched to the cent",
            "extraInNetSuite", "NetSuite transactions without an order",
            "payouts", "Payouts",
            "payoutsPosted", "Payouts posted",
            "fulfillments", "Shipments in NetSuite",
            "fulfillmentsSent", "Shipments passed back",
            "refunds", "Refunds");

    private ReportPage() {
    }

    public static String render(ReconciliationReport r) {
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Reconciliation · ").append(esc(r.store())).append("</title><style>")
                .append("body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem auto;max-width:1180px;")
                .append("padding:0 1.5rem;color:#1d2430;background:#fff}")
                .append("h1{font-size:1.6rem;margin:0 0 .2rem}h2{font-size:1.15rem;margin:2rem 0 .6rem}")
                .append(".sub{color:#5b6575;margin:0 0 1.5rem}")
                .append(".cards{display:flex;flex-wrap:wrap;gap:.8rem}")
                .append(".card{border:1px solid #d9dee6;border-radius:8px;padding:.7rem 1rem;min-width:150px}")
                .append(".card b{display:block;font-size:1.45rem}.card span{color:#5b6575;font-size:.85rem}")
                .append(".ok{color:#17723a}.bad{color:#b3261e}")
                .append("table{border-collapse:collapse;width:100%;font-size:.92rem}")
                .append("th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid #e6e9ef;vertical-align:top}")
                .append("th{background:#f4f6f9;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}")
                .append(".reason{font-family:ui-monospace,Menlo,monospace;font-size:.82rem;background:#fdecea;color:#8c1d18;")
                .append("padding:.1rem .35rem;border-radius:4px;white-space:nowrap}")
                .append(".detail{color:#39424e;max-width:460px}.closed{opacity:.55}")
                .append("</style></head><body>\n");
        html.append("<h1>Reconciliation: store ").append(esc(r.store())).append(" (").append(esc(r.marketplace())).append(")</h1>\n");
        html.append("<p class=\"sub\">Orders placed from ").append(esc(WHEN.format(r.from()))).append(" to ")
                .append(esc(WHEN.format(r.to()))).append(" · run ").append(r.run()).append(" finished ")
                .append(r.ranAt() == null ? "—" : esc(WHEN.format(r.ranAt()))).append("</p>\n");

        html.append("<div class=\"cards\">");
        card(html, r.gapCount() == 0 ? "ok" : "bad", Integer.toString(r.gapCount()), r.gapCount() == 1 ? "gap" : "gaps");
        for (Map.Entry<String, Object> count : r.counts().entrySet()) {
            card(html, "", String.valueOf(count.getValue()), COUNTS.getOrDefault(count.getKey(), count.getKey()));
        }
        html.append("</div>\n");

        html.append("<h2>Gaps by reason</h2>\n");
        if (r.byReason().isEmpty()) {
            html.append("<p class=\"ok\">No gaps: every order, payout, shipment and refund of the period matches NetSuite.</p>\n");
        } else {
            html.append("<table><thead><tr><th>Reason</th><th>What it means</th><th class=\"n\">Count</th>")
                    .append("<th class=\"n\">Amount</th></tr></thead><tbody>\n");
            r.byReason().forEach((reason, total) -> html.append("<tr><td><span class=\"reason\">").append(esc(reason))
                    .append("</span></td><td>").append(esc(REASONS.getOrDefault(reason, reason))).append("</td><td class=\"n\">")
                    .append(total.count()).append("</td><td class=\"n\">").append(amounts(total.amount())).append("</td></tr>\n"));
            html.append("</tbody></table>\n");

            html.append("<h2>Gaps</h2>\n<table><thead><tr><th>Reason</th><th>Subject</th><th>NetSuite</th>")
                    .append("<th class=\"n\">Expected</th><th class=\"n\">In NetSuite</th><th class=\"n\">Difference</th>")
                    .append("<th>Detail</th><th>First found</th></tr></thead><tbody>\n");
            for (ReconciliationReport.GapView g : r.gaps()) {
                html.append("<tr").append(g.open() ? "" : " class=\"closed\"").append("><td><span class=\"reason\">")
                        .append(esc(g.reason())).append("</span></td><td>").append(esc(g.subject())).append("</td><td>")
                        .append(esc(g.netsuiteRef() == null ? "—" : g.netsuiteRef())).append("</td><td class=\"n\">")
                        .append(money(g.expected(), g.currency())).append("</td><td class=\"n\">").append(money(g.actual(), g.currency()))
                        .append("</td><td class=\"n\">").append(money(g.amount(), g.currency())).append("</td><td class=\"detail\">")
                        .append(esc(g.detail())).append(g.open() ? "" : " (resolved since)").append("</td><td>")
                        .append(g.firstSeen() == null ? "—" : esc(WHEN.format(g.firstSeen()))).append("</td></tr>\n");
            }
            html.append("</tbody></table>\n");
        }
        html.append("<p class=\"sub\" style=\"margin-top:2rem\">JSON: <code>/api/reconciliation/report?store=")
                .append(esc(r.store())).append("</code> · run again: <code>POST /api/reconciliation/run?store=")
                .append(esc(r.store())).append("&amp;from=…&amp;to=…</code></p>\n</body></html>\n");
        return html.toString();
    }

    /** A page for a store that was never reconciled. */
    public static String empty(String store, List<String> stores) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Reconciliation</title></head><body"
                + " style=\"font:15px system-ui,sans-serif;margin:2rem\"><h1>Reconciliation</h1><p>Store " + esc(store)
                + " has not been reconciled yet. Run it with <code>POST /api/reconciliation/run?store=" + esc(store)
                + "</code>. Stores: " + esc(String.join(", ", stores)) + ".</p></body></html>\n";
    }

    private static void card(StringBuilder html, String css, String value, String label) {
        html.append("<div class=\"card\"><b class=\"").append(css).append("\">").append(esc(value)).append("</b><span>")
                .append(esc(label)).append("</span></div>");
    }

    private static String amounts(Map<String, BigDecimal> byCurrency) {
        if (byCurrency.isEmpty()) {
            return "—";
        }
        StringBuilder out = new StringBuilder();
        byCurrency.forEach((currency, amount) -> out.append(out.length() == 0 ? "" : "<br>").append(money(amount, currency)));
        return out.toString();
    }

    private static String money(BigDecimal amount, String currency) {
        if (amount == null) {
            return "—";
        }
        return esc(String.format("%,.2f", amount) + (currency == null || currency.isEmpty() ? "" : " " + currency));
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
