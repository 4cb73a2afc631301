package io.commercebus.mapping;

import io.commercebus.support.Csv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A lookup table from a CSV file: a header row, then one {@code key,value} row per entry. Lines
 * starting with {@code #} are comments; a row keyed {@code *} is the default for unlisted keys.
 * Values may be quoted ("Flat Rate, Ground",4).
 */
public final class LookupTable {

    private final String name;
    private final String file;
    private final Map<String, String> entries;
    private final String fallback;

    private LookupTable(String name, String file, Map<String, String> entries, String fallback) {
        this.name = name;
        this.file = file;
        this.entries = entries;
        this.fallback = fallback;
    }

    public String name() {
        return name;
    }

    public String file() {
        return file;
    }

    /** The dead-letter reason when a key is missing, e.g. UNMAPPED_SHIP_METHOD for ship-method.csv. */
    public String missingReason() {
        return "UNMAPPED_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The value for the key, the table's default, or null. */
    public String get(String key) {
        String value = entries.get(key == null ? null : key.trim());
        return value != null ? value : fallback;
    }

    public int size() {
        return entries.size();
    }

    /** The table's rows (its default row left out). */
    public Map<String, String> entries() {
        return Collections.unmodifiableMap(entries);
    }

    /** Every value of the table, its default included. */
    public Collection<String> values() {
        List<String> values = new ArrayList<>(entries.values());
        if (fallback != null) {
            values.add(fallback);
        }
        return values;
    }

    /** Reads a table; problems (with file and line) are added to {@code problems}, and null returned if unreadable. */
    public static LookupTable load(Path path, String displayName, List<MappingException.Problem> problems) {
        String fileName = path.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - ".csv".length());
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(new MappingException.Problem(displayName, 0, 0, null, "cannot read: " + e.getMessage()));
            return null;
        }
        Map<String, String> entries = new LinkedHashMap<>();
        String fallback = null;
        boolean header = true;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            int lineNo = i + 1;
            List<String> cells = Csv.split(line);
            if (cells == null) {
                problems.add(new MappingException.Problem(displayName, lineNo, 0, null, "unbalanced quotes"));
                continue;
            }
            if (cells.size() != 2) {
                problems.add(new MappingException.Problem(displayName, lineNo, 0, null,
                        "expected 2 columns (key,value), found " + cells.size() + ": " + line));
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            String key = cells.get(0).trim();
            String value = cells.get(1).trim();
            if (key.equals("*")) {
                fallback = value;
            } else if (entries.putIfAbsent(key, value) != null) {
                problems.add(new MappingException.Problem(displayName, lineNo, 0, null, "duplicate key '" + key + "'"));
            }
        }
        return new LookupTable(name, displayName, entries, fallback);
    }
}
