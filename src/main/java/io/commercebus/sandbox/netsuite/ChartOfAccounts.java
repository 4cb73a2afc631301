package io.commercebus.sandbox.netsuite;

import java.util.List;

/**
 * The account's chart of accounts: what journal entries, credit memos and customer refunds post to.
 * A webshop's ledger as an accountant would set it up for marketplace payouts: the bank, a clearing
 * account per channel (the payout lands there before the bank), receivables, undeposited funds,
 * inventory, sales tax, revenue, and the marketplace's fees as expenses. Internal ids are NetSuite's
 * (small integers, not the account numbers); 54 is the inventory adjustment account the sandbox's
 * adjustments have always named. Types are the REST {@code acctType} ids.
 */
final class ChartOfAccounts {

    /** An account: internal id, number, name, {@code acctType} id. */
    record Account(int id, String number, String name, String type, boolean inactive) {

        /** {@code accountSearchDisplayName}: the number and the name. */
        String displayName() {
            return number + " " + name;
        }

        /** The REST {@code acctType} refName. */
        String typeName() {
            return switch (type) {
                case "Bank" -> "Bank";
                case "AcctRec" -> "Accounts Receivable";
                case "OthCurrAsset" -> "Other Current Asset";
                case "OthCurrLiab" -> "Other Current Liability";
                case "Income" -> "Income";
                case "OthIncome" -> "Other Income";
                case "COGS" -> "Cost of Goods Sold";
                default -> "Expense";
            };
        }
    }

    static final List<Account> ACCOUNTS = List.of(
            new Account(1, "1000", "Operating Bank", "Bank", false),
            new Account(2, "1010", "Amazon Clearing", "OthCurrAsset", false),
            new Account(3, "1011", "Walmart Clearing", "OthCurrAsset", false),
            new Account(4, "1012", "BigCommerce Payments Clearing", "OthCurrAsset", false),
            new Account(5, "1013", "WooCommerce Payments Clearing", "OthCurrAsset", false),
            new Account(6, "1100", "Accounts Receivable", "AcctRec", false),
            new Account(7, "1200", "Undeposited Funds", "OthCurrAsset", false),
            new Account(8, "1300", "Inventory Asset", "OthCurrAsset", false),
            new Account(9, "2200", "Sales Tax Payable", "OthCurrLiab", false),
            new Account(10, "4000", "Sales", "Income", false),
            new Account(11, "4010", "Shipping Income", "Income", false),
            new Account(12, "4900", "Sales Returns and Refunds", "Income", false),
            new Account(13, "4950", "Marketplace Reimbursements", "OthIncome", false),
            new Account(14, "5000", "Cost of Goods Sold", "COGS", false),
            new Account(15, "6100", "Marketplace Commissions", "Expense", false),
            new Account(16, "6110", "Fulfilment Fees", "Expense", false),
            new Account(17, "6120", "Advertising", "Expense", false),
            new Account(18, "6130", "Payment Processing Fees", "Expense", false),
            new Account(19, "6190", "Other Marketplace Fees", "Expense", false),
            new Account(20, "6900", "Chargebacks", "Expense", false),
            new Account(54, "5100", "Inventory Adjustments", "COGS", false));

    private ChartOfAccounts() {
    }

    static Account find(int id) {
        return ACCOUNTS.stream().filter(a -> a.id() == id).findFirst().orElse(null);
    }

    /** The account an internal id in text names, or null. */
    static Account find(String id) {
        try {
            return id == null ? null : find(Integer.parseInt(id));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
