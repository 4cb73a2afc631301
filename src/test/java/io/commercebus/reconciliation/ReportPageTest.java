package io.commercebus.reconciliation;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportPageTest {

    @Test
    void thePageShowsCountsAndAmountsPerReasonAndEscapesWhatTheDataCarries() {
        Gaps.Run run = new Gaps.Run(7, "demo<script>", "bigcommerce", Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-08T00:00:00Z"), Instant.parse("2026-11-09T10:00:00Z"), Instant.parse("2026-11-09T10:00:05Z"),
                "{\"marketplaceOrders\":12,\"matched\":10}");
        Gap hostile = new Gap("demo", "bigcommerce", GapReason.TOTAL_MISMATCH, "\"><img src=x onerror=alert(1)>", "SO-1",
                "USD", new BigDecimal("110.00"), new BigDecimal("100.00"), new BigDecimal("10.00"), "<b>drift</b> & more",
                Instant.parse("2026-11-03T00:00:00Z"));
        Gap missing = new Gap("demo", "bigcommerce", GapReason.ORDER_MISSING, "104", null, "USD", new BigDecimal("1234.50"),
                BigDecimal.ZERO, new BigDecimal("1234.50"), "never received", Instant.parse("2026-11-04T00:00:00Z"));
        ReconciliationReport report = ReconciliationReport.of(run, List.of(
                new Gaps.StoredGap(1, hostile, 7, 7, run.startedAt(), run.startedAt(), null),
                new Gaps.StoredGap(2, missing, 7, 7, run.startedAt(), run.startedAt(), null)));

        assertThat(report.gapCount()).isEqualTo(2);
        assertThat(report.byReason()).containsEntry(GapReason.ORDER_MISSING,
                new ReconciliationReport.ReasonTotal(1, Map.of("USD", new BigDecimal("1234.50"))));
        String html = ReportPage.render(report);
        assertThat(html).contains("Orders missing in NetSuite", "1,234.50 USD", "Order totals that differ", "10.00 USD",
                "Marketplace orders", ">12<", "2026-11-01 00:00 UTC");
        assertThat(html).doesNotContain("<script>", "<img", "<b>drift");
        assertThat(html).contains("demo&lt;script&gt;", "&lt;b&gt;drift&lt;/b&gt; &amp; more", "&quot;&gt;&lt;img");
    }
}
