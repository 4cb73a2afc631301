package io.commercebus.ledger;

import io.commercebus.db.Database;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class H2LedgerTest extends LedgerContract {

    @TempDir
    Path dir;

    @Override
    Database open() {
        return TestDatabases.h2(dir);
    }
}
