package io.commercebus.mapping;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a mapped value must be. JSONata computes in doubles, so money never goes through its
 * arithmetic: a money expression returns the marketplace's decimal text (or a list of them, which is
 * summed here exactly) and the conversion rounds once, to the currency's minor unit.
 */
public enum ValueType {
    /** Whatever the expression returns. */
    VALUE,
    /** Text; numbers are written without exponent. */
    TEXT,
    /** Exact decimal amount, rounded half-up to the currency's minor unit; a list is summed. */
    MONEY,
    /** Exact decimal quantity. */
    QUANTITY,
    /**
     * Calendar date (yyyy-MM-dd) in the mapping's time zone, from RFC 2822, ISO-8601 (a date-time
     * without zone is UTC) or epoch seconds.
     */
    DATE,
    /** A NetSuite reference: {"id": value}; an object (e.g. {"externalId": ...}) is passed as is. */
    REF,
    /** true or false. */
    BOOLEAN;

    /** The key used in mapping files, e.g. {@code money} in {@code shippingCost: { money: shipping_cost_ex_tax }}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ValueType ofKey(String key) {
        for (ValueType t : values()) {
            if (t.key().equals(key)) {
                return t;
            }
        }
        return null;
    }

    /** Conversion settings of one record: money scale from its currency, dates in the mapping's zone. */
    public record Context(int moneyScale, ZoneId zone) {
    }

    /**
     * Converts what JSONata returned; null stays null.
     *
     * @throws IllegalArgumentException with a message naming the expected type and the value
     */
    public Object convert(Object value, Context context) {
        if (value == null) {
            return null;
        }
        return switch (this) {
            case VALUE -> value;
            case TEXT -> text(value);
            case MONEY -> decimal(value).setScale(context.moneyScale(), RoundingMode.HALF_UP);
            case QUANTITY -> decimal(value).stripTrailingZeros();
            case DATE -> date(value, context.zone());
            case REF -> value instanceof Map<?, ?> ? value : ref(text(value));
            case BOOLEAN -> bool(value);
        };
    }

    private static Map<String, Object> ref(String id) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("id", id);
        return ref;
    }

    static String text(Object value) {
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof Double || value instanceof Float) {
            return BigDecimal.valueOf(((Number) value).doubleValue()).stripTrailingZeros().toPlainString();
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            throw new IllegalArgumentException("expected text, got a structure: " + value);
        }
        return value.toString();
    }

    static BigDecimal decimal(Object value) {
        if (value instanceof Collection<?> list) {
            BigDecimal sum = BigDecimal.ZERO;
            for (Object item : list) {
                if (item != null) {
                    sum = sum.add(decimal(item));
                }
            }
            return sum;
        }
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Double || value instanceof Float) {
            // the shortest decimal that reads back as this double: 0.1 stays 0.1
            return BigDecimal.valueOf(((Number) value).doubleValue());
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        String text = value.toString().trim();
        if (text.isEmpty()) {
            return BigDecimal.ZERO;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a decimal number, got '" + text + "'");
        }
    }

    private static String date(Object value, ZoneId zone) {
        if (value instanceof Number n) {
            return LocalDate.ofInstant(Instant.ofEpochSecond(n.longValue()), zone).toString();
        }
        String text = value.toString().trim();
        try {
            if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(text).toString();
            }
            if (text.matches("\\d+")) {
                return LocalDate.ofInstant(Instant.ofEpochSecond(Long.parseLong(text)), zone).toString();
            }
            if (Character.isLetter(text.charAt(0))) {
                return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).withZoneSameInstant(zone)
                        .toLocalDate().toString();
            }
            if (text.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?")) {
                // a date-time without zone, such as WooCommerce's date_created_gmt: UTC
                return LocalDateTime.parse(text).atOffset(java.time.ZoneOffset.UTC).atZoneSameInstant(zone).toLocalDate().toString();
            }
            return OffsetDateTime.parse(text).atZoneSameInstant(zone).toLocalDate().toString();
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("expected a date (RFC 2822, ISO-8601 or epoch seconds), got '" + text + "'");
        }
    }

    private static Boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true", "t", "yes", "1" -> true;
            case "false", "f", "no", "0", "" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got '" + value + "'");
        };
    }
}
