package io.commercebus.governance;

import io.commercebus.db.Database;
import io.commercebus.ledger.TestDatabases;

class PostgresSharedPermitsTest extends SharedPermitsContract {

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
