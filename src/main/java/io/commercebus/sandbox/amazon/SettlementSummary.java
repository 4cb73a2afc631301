package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A settlement the sandbox published, for tests to compare with what the bus posted.
 *
 * @param reportId              the settlement report (GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2)
 * @param financialEventGroupId the closed financial event group of the same settlement
 * @param depositDate           when the payout is sent (the group's FundTransferDate)
 * @param totalAmount           the report's total-amount, the deposit (differs from {@code rowsTotal} by a skew, if published with one)
 * @param rowsTotal             the sum of every amount row
 * @param orderIds              the orders with rows in the settlement, in the report's order
 * @param rows                  the number of amount rows (neither the column header nor the summary row)
 */
public record SettlementSummary(String reportId, String settlementId, String financialEventGroupId, Instant start, Instant end,
                                Instant depositDate, BigDecimal totalAmount, BigDecimal rowsTotal, String currency,
                                List<String> orderIds, int rows) {

    public SettlementSummary {
        orderIds = List.copyOf(orderIds);
    }

    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("reportId", reportId).put("settlementId", settlementId)
                .put("financialEventGroupId", financialEventGroupId).put("start", start.toString()).put("end", end.toString())
                .put("depositDate", depositDate.toString()).put("totalAmount", totalAmount).put("rowsTotal", rowsTotal)
                .put("currency", currency).put("rows", rows);
        orderIds.forEach(node.putArray("orderIds")::add);
        return node;
    }
}
