package io.commercebus.connector.netsuite;

/** The answer of {@code GET /services/rest/system/v1/governanceLimits}. */
public record GovernanceLimits(int accountConcurrencyLimit, int accountUnallocatedConcurrencyLimit,
                               Integer integrationConcurrencyLimit, String integrationLimitType) {

    /** The concurrency this integration may use: its own allocation, or the account's unallocated pool. */
    public int limitForThisIntegration() {
        if ("integrationSpecific".equals(integrationLimitType) && integrationConcurrencyLimit != null) {
            return integrationConcurrencyLimit;
        }
        return Math.max(1, accountUnallocatedConcurrencyLimit);
    }
}
