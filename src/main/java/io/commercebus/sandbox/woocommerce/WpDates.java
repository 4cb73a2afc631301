package io.commercebus.sandbox.woocommerce;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Dates as WordPress reads them: ISO 8601, site time (UTC here) without an offset, whole seconds. */
final class WpDates {

    private WpDates() {
    }

    /** The instant, or null when the text is no date WordPress would read. */
    static Instant parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim().replace(' ', 'T');
        try {
            if (text.matches(".*(Z|z|[+-]\\d{2}(:?\\d{2})?)$") && text.contains("T")) {
                return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.SECONDS);
            }
            if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
