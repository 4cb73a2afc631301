package io.commercebus.db;

import io.commercebus.ledger.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One set of migrations for H2 and PostgreSQL: both end with the same tables, columns (type, length,
 * nullability) and keys, and a second migration changes nothing.
 */
class MigrationsTest {

    /** H2 keeps TEXT as a VARCHAR of its greatest length. */
    private static final long H2_TEXT_LENGTH = 1_000_000_000L;

    @TempDir
    Path dir;
    private final String schema = TestDatabases.newSchemaName();
    private boolean schemaCreated;

    @AfterEach
    void dropSchema() {
        if (schemaCreated) {
            TestDatabases.dropSchema(schema);
        }
    }

    @Test
    void h2AndPostgresqlHaveTheSameTablesColumnsAndKeys() throws SQLException {
        try (Database h2 = TestDatabases.h2(dir); Database postgres = postgres()) {
            Map<String, String> onH2 = shape(h2.dataSource(), "PUBLIC");
            Map<String, String> onPostgres = shape(postgres.dataSource(), schema);

            assertThat(onH2).as("tables and columns").isNotEmpty().containsKey("sync_record.state")
                    .containsKey("sync_event_outbox.payload");
            assertThat(onPostgres).as("PostgreSQL like H2").isEqualTo(onH2);
        }
    }

    @Test
    void migratingTwiceIsANoOpOnBoth() throws SQLException, IOException {
        int migrations = migrationFiles();
        try (Database h2 = TestDatabases.h2(dir); Database postgres = postgres()) {
            assertSecondMigrationChangesNothing(h2.dataSource(), "PUBLIC", migrations);
            assertSecondMigrationChangesNothing(postgres.dataSource(), schema, migrations);
        }
        // the bus's own start on an up-to-date database (a restart) opens it as it is
        try (Database again = TestDatabases.h2(dir)) {
            assertThat(shape(again.dataSource(), "PUBLIC")).containsKey("sync_record.state");
        }
    }

    private Database postgres() {
        Database db = TestDatabases.postgres(schema);
        schemaCreated = true;
        return db;
    }

    private static void assertSecondMigrationChangesNothing(DataSource dataSource, String schema, int migrations)
            throws SQLException {
        Map<String, String> before = shape(dataSource, schema);
        Flyway flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load();
        assertThat(flyway.info().applied()).as("every migration applied once").hasSize(migrations);

        assertThat(flyway.migrate().migrationsExecuted).as("second migration on " + schema).isZero();
        assertThat(flyway.info().applied()).hasSize(migrations);
        assertThat(shape(dataSource, schema)).isEqualTo(before);
    }

    private static int migrationFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
    }

    /**
     * The schema as information_schema tells it, in names both databases agree on: "table.column" → type,
     * length, nullability, and "table#PRIMARY KEY(columns)" and "table#UNIQUE(columns)" for its keys. Flyway's own table
     * is left out (its layout is Flyway's business).
     */
    static Map<String, String> shape(DataSource dataSource, String schema) throws SQLException {
        Map<String, String> shape = new TreeMap<>();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement columns = c.prepareStatement("SELECT table_name, column_name, data_type,"
                    + " character_maximum_length, is_nullable, numeric_precision, numeric_scale"
                    + " FROM information_schema.columns WHERE table_schema = ?")) {
                columns.setString(1, schema);
                try (ResultSet rs = columns.executeQuery()) {
                    while (rs.next()) {
                        String table = lower(rs.getString(1));
                        if (!table.equals("flyway_schema_history")) {
                            shape.put(table + "." + lower(rs.getString(2)), type(rs.getString(3), rs.getLong(4), rs.getInt(6), rs.getInt(7))
                                    + ("NO".equals(rs.getString(5)) ? " not null" : ""));
                        }
                    }
                }
            }
            try (PreparedStatement keys = c.prepareStatement("SELECT tc.table_name, tc.constraint_type, tc.constraint_name,"
                    + " k.column_name FROM information_schema.table_constraints tc JOIN information_schema.key_column_usage k"
                    + " ON k.constraint_schema = tc.constraint_schema AND k.constraint_name = tc.constraint_name"
                    + " WHERE tc.table_schema = ? AND tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE')")) {
                keys.setString(1, schema);
                // constraint names differ where the migrations leave them to the database: compare by columns
                Map<String, Set<String>> keyColumns = new TreeMap<>();
                try (ResultSet rs = keys.executeQuery()) {
                    while (rs.next()) {
                        String table = lower(rs.getString(1));
                        if (!table.equals("flyway_schema_history")) {
                            keyColumns.computeIfAbsent(table + "#" + rs.getString(2) + "#" + rs.getString(3),
                                    k -> new TreeSet<>()).add(lower(rs.getString(4)));
                        }
                    }
                }
                keyColumns.forEach((key, cols) -> shape.put(key.substring(0, key.lastIndexOf('#')) + "(" + String.join(",", cols)
                        + ")", "key"));
            }
        }
        return shape;
    }

    /** A column's type with its length; H2 and PostgreSQL name some types differently. */
    private static String type(String dataType, long length, int precision, int scale) {
        String t = lower(dataType);
        if (t.equals("numeric") || t.equals("decimal")) {
            return "numeric(" + precision + "," + scale + ")";
        }
        if (t.equals("character large object") || t.equals("character varying") && length == H2_TEXT_LENGTH) {
            return "text";
        }
        return length > 0 ? t + "(" + length + ")" : t;
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
