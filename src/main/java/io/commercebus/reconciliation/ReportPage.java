package io.commercebus.reconciliation;

import io.commercebus.support.Html;

import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static io.commercebus.support.Html.esc;

/**
 * The reconciliation report as a page finance can read: the period, what was compared, a line per
 * reason with count and amount, and every gap with what to do about it, in the look of {@link Html}.
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
        StringBuilder html = Html.page("Reconciliation · " + r.store());
        html.append("<h1>Reconciliation: store ").append(esc(r.store())).append(" (").append(esc(r.marketplace())).append(")</h1>\n");
        html.append("<p class=\"sub\">Orders placed from ").append(esc(WHEN.format(r.from()))).append(" to ")
                .append(esc(WHEN.format(r.to()))).append(" · run ").append(r.run()).append(" finished ")
                .append(r.ranAt() == null ? "—" : esc(WHEN.format(r.ranAt()))).append("</p>\n");

        html.append("<div class=\"cards\">");
        Html.card(html, r.gapCount() == 0 ? "ok" : "bad", Integer.toString(r.gapCount()), r.gapCount() == 1 ? "gap" : "gaps", null);
        for (Map.Entry<String, Object> count : r.counts().entrySet()) {
            Html.card(html, "", String.valueOf(count.getValue()), COUNTS.getOrDefault(count.getKey(), count.getKey()), null);
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
        return Html.page("Reconciliation").append("<h1>Reconciliation</h1>\n<p>Store ").append(esc(store))
                .append(" has not been reconciled yet. Run it with <code>POST /api/reconciliation/run?store=").append(esc(store))
                .append("</code>. Stores: ").append(esc(String.join(", ", stores))).append(".</p>\n</body></html>\n").toString();
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
}
