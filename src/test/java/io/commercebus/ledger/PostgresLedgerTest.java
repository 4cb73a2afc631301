package io.commercebus.ledger;

import io.commercebus.db.Database;

class PostgresLedgerTest extends LedgerContract {

    private final String schema = TestDatabases.newSchemaName();

    @Override
    Database open() {
        return TestDatabases.postgres(schema);
    }

    @Override
    void dispose() {
        TestDatabases.dropSchema(schema);
    }
}
