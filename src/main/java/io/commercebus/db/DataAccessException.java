package io.commercebus.db;

import java.sql.SQLException;

/** An unchecked wrapper for database errors; keeps the SQL state for callers that care (e.g. unique violations). */
public class DataAccessException extends RuntimeException {

    public DataAccessException(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    public String sqlState() {
        return ((SQLException) getCause()).getSQLState();
    }

    /** 23505 is the SQL standard state for a unique constraint violation, on H2 and PostgreSQL alike. */
    public boolean isUniqueViolation() {
        return "23505".equals(sqlState());
    }
}
