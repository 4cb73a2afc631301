package io.commercebus.governance;

import io.commercebus.db.Database;
import io.commercebus.ledger.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class H2SharedPermitsTest extends SharedPermitsContract {

    @TempDir
    Path dir;

    @Override
    Database open() {
        return TestDatabases.h2(dir);
    }
}
