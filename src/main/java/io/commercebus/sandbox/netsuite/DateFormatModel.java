package io.commercebus.sandbox.netsuite;

import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An Oracle datetime format model, as SuiteQL's {@code TO_DATE}, {@code TO_TIMESTAMP} and
 * {@code TO_CHAR} take it: {@code YYYY YY MM MON MONTH DD HH24 HH12 HH MI SS FF FF3 AM PM}, text in
 * double quotes ({@code "T"}) and the punctuation {@code - / , . ; : } and space. Elements are
 * case-insensitive; anything else is refused as Oracle refuses it (ORA-01821).
 */
final class DateFormatModel {

    private enum Element {
        YYYY, YY, MONTH, MON, MM, DD, HH24, HH12, HH, MI, SS, FF3, FF, AM, PM
    }

    /** An element or a literal. */
    private record Part(Element element, String literal) {
    }

    private static final List<Element> BY_LENGTH = List.of(Element.YYYY, Element.MONTH, Element.HH24, Element.HH12,
            Element.FF3, Element.MON, Element.YY, Element.MM, Element.DD, Element.HH, Element.MI, Element.SS,
            Element.FF, Element.AM, Element.PM);

    private final String model;
    private final List<Part> parts;

    private DateFormatModel(String model, List<Part> parts) {
        this.model = model;
        this.parts = parts;
    }

    static DateFormatModel of(String model) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        String upper = model.toUpperCase(Locale.ROOT);
        outer:
        while (i < model.length()) {
            char c = model.charAt(i);
            if (c == '"') {
                int end = model.indexOf('"', i + 1);
                if (end < 0) {
                    throw new SuiteQl.InvalidQuery("Invalid date format '" + model + "': unterminated quoted text");
                }
                parts.add(new Part(null, model.substring(i + 1, end)));
                i = end + 1;
                continue;
            }
            if (" -/,.;:".indexOf(c) >= 0) {
                parts.add(new Part(null, String.valueOf(c)));
                i++;
                continue;
            }
            if (upper.startsWith("A.M.", i) || upper.startsWith("P.M.", i)) {
                parts.add(new Part(Element.AM, null));
                i += 4;
                continue;
            }
            for (Element e : BY_LENGTH) {
                if (upper.startsWith(e.name(), i)) {
                    parts.add(new Part(e == Element.PM ? Element.AM : e, null));
                    i += e.name().length();
                    continue outer;
                }
            }
            throw new SuiteQl.InvalidQuery("Invalid date format '" + model + "': date format not recognized near '"
                    + model.substring(i) + "'");
        }
        return new DateFormatModel(model, parts);
    }

    String format(ZonedDateTime t) {
        StringBuilder out = new StringBuilder();
        for (Part p : parts) {
            if (p.element == null) {
                out.append(p.literal);
                continue;
            }
            switch (p.element) {
                case YYYY -> out.append(String.format("%04d", t.getYear()));
                case YY -> out.append(String.format("%02d", t.getYear() % 100));
                case MM -> out.append(String.format("%02d", t.getMonthValue()));
                case MON -> out.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.US).toUpperCase(Locale.ROOT));
                case MONTH -> out.append(String.format("%-9s", t.getMonth().getDisplayName(TextStyle.FULL, Locale.US)
                        .toUpperCase(Locale.ROOT)));
                case DD -> out.append(String.format("%02d", t.getDayOfMonth()));
                case HH24 -> out.append(String.format("%02d", t.getHour()));
                case HH, HH12 -> out.append(String.format("%02d", t.getHour() % 12 == 0 ? 12 : t.getHour() % 12));
                case MI -> out.append(String.format("%02d", t.getMinute()));
                case SS -> out.append(String.format("%02d", t.getSecond()));
                case FF3 -> out.append(String.format("%03d", t.getNano() / 1_000_000));
                case FF -> out.append(String.format("%06d", t.getNano() / 1_000));
                case AM, PM -> out.append(t.getHour() < 12 ? "AM" : "PM");
            }
        }
        return out.toString();
    }

    /** Reads a date written in this format; what the model leaves out is the first of the month, midnight. */
    LocalDateTime parse(String text) {
        int year = -1;
        int month = 1;
        int day = 1;
        int hour = 0;
        int minute = 0;
        int second = 0;
        int nanos = 0;
        Boolean pm = null;
        boolean twelveHour = false;
        int i = 0;
        for (Part p : parts) {
            if (p.element == null) {
                // Oracle matches punctuation loosely: any one separator stands for another
                if (i < text.length() && (text.startsWith(p.literal, i) || !Character.isLetterOrDigit(text.charAt(i))
                        && p.literal.length() == 1)) {
                    i += p.literal.length();
                    continue;
                }
                throw bad(text, "literal does not match format string");
            }
            switch (p.element) {
                case YYYY -> {
                    int[] r = number(text, i, 4);
                    year = r[0];
                    i = r[1];
                }
                case YY -> {
                    int[] r = number(text, i, 2);
                    year = 2000 + r[0];
                    i = r[1];
                }
                case MM -> {
                    int[] r = number(text, i, 2);
                    month = r[0];
                    i = r[1];
                }
                case MON, MONTH -> {
                    int[] r = monthName(text, i, p.element == Element.MONTH);
                    month = r[0];
                    i = r[1];
                }
                case DD -> {
                    int[] r = number(text, i, 2);
                    day = r[0];
                    i = r[1];
                }
                case HH24 -> {
                    int[] r = number(text, i, 2);
                    hour = r[0];
                    i = r[1];
                }
                case HH, HH12 -> {
                    int[] r = number(text, i, 2);
                    hour = r[0];
                    i = r[1];
                    twelveHour = true;
                    if (hour < 1 || hour > 12) {
                        throw bad(text, "hour must be between 1 and 12");
                    }
                }
                case MI -> {
                    int[] r = number(text, i, 2);
                    minute = r[0];
                    i = r[1];
                }
                case SS -> {
                    int[] r = number(text, i, 2);
                    second = r[0];
                    i = r[1];
                }
                case FF, FF3 -> {
                    int start = i;
                    int[] r = number(text, i, 9);
                    String digits = text.substring(start, r[1]);
                    nanos = Integer.parseInt((digits + "000000000").substring(0, 9));
                    i = r[1];
                }
                case AM, PM -> {
                    String rest = text.substring(i).toUpperCase(Locale.ROOT);
                    if (rest.startsWith("AM") || rest.startsWith("PM")) {
                        pm = rest.startsWith("PM");
                        i += 2;
                    } else if (rest.startsWith("A.M.") || rest.startsWith("P.M.")) {
                        pm = rest.startsWith("P");
                        i += 4;
                    } else {
                        throw bad(text, "AM/A.M. or PM/P.M. required");
                    }
                }
            }
        }
        if (i < text.length()) {
            throw bad(text, "date format picture ends before converting entire input string");
        }
        if (year < 0) {
            throw bad(text, "the format has no year");
        }
        if (twelveHour && pm != null) {
            hour = hour % 12 + (pm ? 12 : 0);
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos);
        } catch (java.time.DateTimeException e) {
            throw bad(text, e.getMessage());
        }
    }

    private SuiteQl.InvalidQuery bad(String text, String why) {
        return new SuiteQl.InvalidQuery("Invalid date '" + text + "' for format '" + model + "': " + why);
    }

    private int[] number(String text, int from, int maxDigits) {
        int i = from;
        while (i < text.length() && i - from < maxDigits && Character.isDigit(text.charAt(i))) {
            i++;
        }
        if (i == from) {
            throw bad(text, "a number was expected at position " + (from + 1));
        }
        return new int[] {Integer.parseInt(text.substring(from, i)), i};
    }

    private int[] monthName(String text, int from, boolean full) {
        String rest = text.substring(from).toUpperCase(Locale.ROOT);
        for (java.time.Month m : java.time.Month.values()) {
            String name = m.getDisplayName(full ? TextStyle.FULL : TextStyle.SHORT, Locale.US).toUpperCase(Locale.ROOT);
            if (rest.startsWith(name)) {
                return new int[] {m.getValue(), from + name.length()};
            }
        }
        throw bad(text, "not a valid month");
    }
}
