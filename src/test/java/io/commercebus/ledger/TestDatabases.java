package io.commercebus.ledger;

import io.commercebus.db.Database;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The databases the ledger runs on in tests: H2 in a folder, and PostgreSQL (127.0.0.1:5432, database
 * test, or BUS_TEST_POSTGRES_URL) in a schema of its own. Without a reachable PostgreSQL the PostgreSQL
 * tests are skipped, except in CI (CI=true), where they fail.
 */
public final class TestDatabases {

    public static final String POSTGRES_URL = System.getenv().getOrDefault("BUS_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String POSTGRES_USER = System.getenv().getOrDefault("BUS_TEST_POSTGRES_USER", "postgres");

    private TestDatabases() {
    }

    public static Database h2(Path dir) {
        return Database.open("jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath(), "sa", "", 8);
    }

    /** A fresh schema per call, so tests never see each other's rows; drop it with {@link #dropSchema}. */
    public static Database postgres(String schema) {
        return Database.open(createSchema(schema), POSTGRES_USER, "", 8);
    }

    /**
     * Creates an empty schema and returns the JDBC URL that works in it ({@code currentSchema}), e.g. for
     * {@code bus.db.url}; skips the test when PostgreSQL is not reachable (fails in CI).
     */
    public static String createSchema(String schema) {
        try (Connection c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "")) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            if (!"true".equals(System.getenv("CI"))) {
                Assumptions.abort("PostgreSQL not reachable at " + POSTGRES_URL + " (" + e.getMessage() + ")");
            }
            throw new IllegalStateException("PostgreSQL not reachable at " + POSTGRES_URL, e);
        }
        return POSTGRES_URL + "?currentSchema=" + schema;
    }

    public static String newSchemaName() {
        return "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    public static void dropSchema(String schema) {
        try (Connection c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "")) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot drop test schema " + schema, e);
        }
    }
}
