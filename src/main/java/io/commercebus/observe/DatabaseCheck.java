package io.commercebus.observe;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Readiness: the ledger database answers within the timeout and holds this build's schema (Flyway's
 * history has its latest migration and no failed one). Without it the bus can neither take webhooks
 * durably nor deliver. The query runs on its own thread so that a database that hangs makes the probe
 * answer DOWN in time instead of hanging it too.
 */
public class DatabaseCheck extends AbstractHealthCheck {

    private final DataSource dataSource;
    private final String schemaVersion;
    private final Duration timeout;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "health-check-database");
        t.setDaemon(true);
        return t;
    });
    private Future<String> pending;

    /** @param schemaVersion the latest migration version this build applied at start */
    public DatabaseCheck(DataSource dataSource, String schemaVersion, Duration timeout) {
        super("commerce-bus", "database");
        this.dataSource = dataSource;
        this.schemaVersion = schemaVersion;
        this.timeout = timeout;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("schema.version", schemaVersion);
        // a query still waiting from an earlier probe is waited for again, never doubled
        if (pending == null || pending.isDone()) {
            pending = worker.submit(this::schemaProblem);
        }
        try {
            String problem = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (problem == null) {
                builder.up();
            } else {
                builder.message(problem).down();
            }
        } catch (TimeoutException e) {
            builder.message("The database did not answer within " + timeout.toMillis() + " ms").down();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            builder.message("Interrupted while asking the database").down();
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            builder.message("The database is unreachable: " + cause.getMessage()).error(cause).down();
        }
    }

    /** Null when the schema is this build's, else what is wrong with it. */
    private String schemaProblem() throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(CASE WHEN \"success\" THEN NULL ELSE 1 END),"
                     + " COUNT(CASE WHEN \"version\" = ? AND \"success\" THEN 1 END) FROM \"flyway_schema_history\"")) {
            ps.setString(1, schemaVersion);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return "A database migration failed; see flyway_schema_history";
                }
                return rs.getLong(2) == 0 ? "The database lacks migration " + schemaVersion + " of this build" : null;
            }
        }
    }

    @Override
    public boolean isLiveness() {
        return false;
    }
}
