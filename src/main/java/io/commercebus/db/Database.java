package io.commercebus.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;

/**
 * The bus database: a pooled {@link DataSource} whose schema Flyway brings up to date on start.
 * The same migrations serve H2 (embedded default) and PostgreSQL (production).
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final String schemaVersion;

    private Database(HikariDataSource dataSource, String schemaVersion) {
        this.dataSource = dataSource;
        this.schemaVersion = schemaVersion;
    }

    public static Database open(String url, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("commerce-bus");
        HikariDataSource ds = new HikariDataSource(config);
        String version;
        try {
            var result = Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
            LOG.info("Database {} ready (schema version {}, {} migration(s) applied now)", redact(url), version,
                    result.migrationsExecuted);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds, version);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The schema version after start's migrations: the latest this build knows. */
    public String schemaVersion() {
        return schemaVersion;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** JDBC URLs may carry passwords as parameters; log only up to the first ';' or '?'. */
    static String redact(String url) {
        int cut = url.length();
        for (char c : new char[] {';', '?'}) {
            int i = url.indexOf(c);
            if (i >= 0 && i < cut) {
                cut = i;
            }
        }
        return url.substring(0, cut);
    }
}
