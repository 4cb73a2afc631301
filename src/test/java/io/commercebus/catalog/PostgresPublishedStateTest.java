package io.commercebus.catalog;

import io.commercebus.db.Database;
import io.commercebus.ledger.TestDatabases;

class PostgresPublishedStateTest extends PublishedStateContract {

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
