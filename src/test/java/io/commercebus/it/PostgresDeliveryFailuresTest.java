package io.commercebus.it;

import io.commercebus.ledger.TestDatabases;

import java.nio.file.Path;
import java.util.Map;

class PostgresDeliveryFailuresTest extends DeliveryFailuresContract {

    private final String schema = TestDatabases.newSchemaName();

    @Override
    Map<String, String> settings(Path dir) {
        return TestBus.onPostgres(TestBus.settings(dir), schema);
    }

    @Override
    void dispose() {
        TestDatabases.dropSchema(schema);
    }
}
