package io.commercebus.it;

import io.commercebus.ledger.TestDatabases;
import org.junit.jupiter.api.AfterEach;

import java.nio.file.Path;
import java.util.Map;

class PostgresDurabilityTest extends DurabilityContract {

    private final String schema = TestDatabases.newSchemaName();

    @Override
    Map<String, String> settings(Path dir) {
        return TestBus.onPostgres(TestBus.settings(dir), schema);
    }

    @AfterEach
    void dropSchema() {
        TestDatabases.dropSchema(schema);
    }
}
