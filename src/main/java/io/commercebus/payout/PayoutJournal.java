package io.commercebus.payout;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.commercebus.config.StoreSettings;
import io.commercebus.ledger.PermanentFailure;
import io.commercebus.mapping.StoreTables;
import io.commercebus.support.Json;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a payout into one summary journal entry: a line per category of the payout (gross sales,
 * refunds, each fee type, tax…) on the account the store's {@code payout-account.csv} gives it, and
 * the deposit on the account of its {@code deposit} row. A positive amount (money for the merchant)
 * is credited, a negative one debited, and the deposit debited, so the entry balances exactly when
 * the lines add up to the deposit; a payout that does not is refused as PAYOUT_MISMATCH with the
 * difference, before NetSuite sees it.
 *
 * <p>Categories are looked up most specific first: {@code Order/ItemFees/Commission}, then
 * {@code Order/ItemFees/*}, {@code Order/*}, then the table's {@code *} row.
 */
public class PayoutJournal {

    public static final String PAYOUT_MISMATCH = "PAYOUT_MISMATCH";
    public static final String UNMAPPED_PAYOUT_ACCOUNT = "UNMAPPED_PAYOUT_ACCOUNT";
    static final String TABLE = "payout-account.csv";
    static final String DEPOSIT = "deposit";

    private final Path mappings;
    private final StoreSettings stores;

    public PayoutJournal(Path mappings, StoreSettings stores) {
        this.mappings = mappings;
        this.stores = stores;
    }

    /** The ledger's mapping step for a payout record (its payload a {@link Payout} as JSON). */
    public JournalEntry journal(String payload, String store) {
        Payout payout;
        try {
            payout = Json.mapper().readValue(payload, Payout.class);
        } catch (JsonProcessingException e) {
            throw new PermanentFailure("MAPPING_ERROR", "the stored payout is not a payout: " + e.getOriginalMessage());
        }
        return journal(payout, store);
    }

    public JournalEntry journal(Payout payout, String store) {
        BigDecimal difference = payout.deposit().subtract(payout.linesTotal());
        if (difference.signum() != 0) {
            throw new PermanentFailure(PAYOUT_MISMATCH, "payout " + payout.id() + " deposits " + payout.deposit() + " "
                    + payout.currency() + " but its lines add up to " + payout.linesTotal() + ": a difference of " + difference
                    + "; the report is incomplete or wrong. Ask the marketplace for a corrected report, or replay once"
                    + " the difference is booked by hand");
        }
        String marketplace = stores.required(store, "marketplace");
        StoreTables accounts = StoreTables.load(mappings, store, marketplace, TABLE);
        StoreTables currencies = StoreTables.load(mappings, store, marketplace, "currency.csv");
        String currency = currencies.get(payout.currency());
        if (currency == null) {
            throw new PermanentFailure("UNMAPPED_CURRENCY", "no row for '" + payout.currency() + "' in currency.csv;"
                    + " add one and replay the payout");
        }

        JournalEntry entry = new JournalEntry();
        entry.setPayoutId(payout.id());
        entry.setExternalId(externalId(marketplace, store, payout.id()));
        Map<String, Object> fields = new LinkedHashMap<>();
        String subsidiary = stores.get(store, "subsidiary");
        if (subsidiary != null) {
            fields.put("subsidiary", Map.of("id", subsidiary));
        }
        fields.put("currency", Map.of("id", currency));
        fields.put("tranDate", payout.depositDate());
        fields.put("memo", memo(marketplace, payout));
        entry.setFields(fields);

        // one line per category, in the order they first appear
        Map<String, BigDecimal> byCategory = new LinkedHashMap<>();
        payout.lines().forEach(line -> byCategory.merge(line.category(), line.amount(), BigDecimal::add));
        byCategory.forEach((category, amount) -> {
            if (amount.signum() != 0) {
                entry.getLines().add(line(account(accounts, category, store), amount, category));
            }
        });
        entry.getLines().add(line(account(accounts, DEPOSIT, store), payout.deposit().negate(),
                "Deposit of payout " + payout.id()));
        return entry;
    }

    /** Money for the merchant is credited to its account; the deposit (given negated) is debited to the bank. */
    private static JournalEntry.Line line(String account, BigDecimal amount, String memo) {
        return amount.signum() > 0 ? new JournalEntry.Line(account, null, amount, memo)
                : new JournalEntry.Line(account, amount.negate(), null, memo);
    }

    private String account(StoreTables accounts, String category, String store) {
        String key = category;
        while (true) {
            String account = accounts.exact(key);
            if (account != null) {
                return account;
            }
            int slash = key.endsWith("/*") ? key.lastIndexOf('/', key.length() - 3) : key.lastIndexOf('/');
            if (slash < 0) {
                break;
            }
            key = key.substring(0, slash) + "/*";
        }
        String fallback = category.equals(DEPOSIT) ? null : accounts.get("*");
        if (fallback == null) {
            throw new PermanentFailure(UNMAPPED_PAYOUT_ACCOUNT, "no account for payout category '" + category + "' in "
                    + TABLE + " of store " + store + " (mappings/stores/" + store + "/lookups, its marketplace's lookups or"
                    + " mappings/lookups); add a row and replay the payout");
        }
        return fallback;
    }

    /** NetSuite external ids take letters, digits, '_' and '-'. */
    static String externalId(String marketplace, String store, String payoutId) {
        return ("PAYOUT-" + marketplace + "-" + store + "-" + payoutId).replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static String memo(String marketplace, Payout payout) {
        String period = payout.periodStart() == null ? "" : " (" + payout.periodStart() + " to " + payout.periodEnd() + ")";
        return marketplace + " payout " + payout.id() + period;
    }
}
