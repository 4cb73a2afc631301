package io.commercebus.payout;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A payout as the summary journal entry NetSuite receives: body fields and one line per category,
 * debits and credits exact and balanced. Stored in the ledger between the map and deliver stages.
 */
public class JournalEntry {

    /** One line: an account debited or credited, with what the amount is. */
    public record Line(String account, BigDecimal debit, BigDecimal credit, String memo) {
    }

    private String externalId;
    private String payoutId;
    private Map<String, Object> fields = new LinkedHashMap<>();
    private List<Line> lines = new ArrayList<>();

    public String getExternalId() {
        return externalId;
    }

    public void setExternalId(String externalId) {
        this.externalId = externalId;
    }

    public String getPayoutId() {
        return payoutId;
    }

    public void setPayoutId(String payoutId) {
        this.payoutId = payoutId;
    }

    public Map<String, Object> getFields() {
        return fields;
    }

    public void setFields(Map<String, Object> fields) {
        this.fields = fields;
    }

    public List<Line> getLines() {
        return lines;
    }

    public void setLines(List<Line> lines) {
        this.lines = lines;
    }
}
