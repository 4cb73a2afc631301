package io.commercebus.connector.netsuite;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Pieces of SuiteQL text: SuiteQL over REST takes no bind parameters, so values are written in, checked. */
final class SuiteQlText {

    /** IN lists stay well under what NetSuite accepts in one query. */
    static final int CHUNK = 500;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private SuiteQlText() {
    }

    /** A timestamp as NetSuite reads it, in the zone it reads dates in. */
    static String timestamp(Instant at, ZoneId zone) {
        return "TO_TIMESTAMP(" + NetSuiteClient.literal(TIME.format(at.atZone(zone))) + ", 'YYYY-MM-DD HH24:MI:SS')";
    }

    /** Internal ids for an IN list, checked to be numbers. */
    static String numbers(Collection<String> ids) {
        for (String id : ids) {
            if (id == null || id.isEmpty() || !id.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not a NetSuite internal id: '" + id + "'");
            }
        }
        return String.join(", ", ids);
    }

    static List<List<String>> chunks(Collection<String> ids) {
        List<String> all = new ArrayList<>(ids);
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            chunks.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
        }
        return chunks;
    }
}
