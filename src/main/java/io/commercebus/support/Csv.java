package io.commercebus.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Delimited text as lookup tables and payout reports come: RFC 4180 quoting, or plain tab-separated columns. */
public final class Csv {

    private Csv() {
    }

    /** RFC 4180 cells of one comma-separated line; null when a quote is left open. */
    public static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        cells.add(cell.toString());
        return cells;
    }

    /**
     * The rows of a file whose first line names the columns, each row as column → cell (blank lines
     * skipped). {@code tabs}: tab-separated without quoting, as Amazon's flat files are; else RFC 4180.
     *
     * @throws IllegalArgumentException naming the line of a row that cannot be read
     */
    public static List<Map<String, String>> rows(String text, boolean tabs) {
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n");
        List<String> header = null;
        List<Map<String, String>> rows = new ArrayList<>();
        for (int n = 0; n < lines.length; n++) {
            String line = n == 0 && lines[n].startsWith("\uFEFF") ? lines[n].substring(1) : lines[n];
            if (line.isBlank()) {
                continue;
            }
            List<String> cells = tabs ? List.of(line.split("\t", -1)) : split(line);
            if (cells == null) {
                throw new IllegalArgumentException("line " + (n + 1) + ": a quoted cell is not closed");
            }
            if (header == null) {
                header = cells.stream().map(String::trim).toList();
                continue;
            }
            if (cells.size() > header.size()) {
                throw new IllegalArgumentException("line " + (n + 1) + ": " + cells.size() + " cells but " + header.size()
                        + " columns");
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), i < cells.size() ? cells.get(i).trim() : "");
            }
            rows.add(row);
        }
        if (header == null) {
            throw new IllegalArgumentException("the file is empty: a header row naming the columns is expected");
        }
        return rows;
    }
}
