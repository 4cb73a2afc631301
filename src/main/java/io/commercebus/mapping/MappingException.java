package io.commercebus.mapping;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A mapping or lookup file that cannot be loaded. Raised at start-up (the bus refuses to start)
 * with every problem found, each as {@code file:line:column: field 'path': what is wrong}.
 */
public class MappingException extends RuntimeException {

    /** One problem in one file. */
    public record Problem(String file, int line, int column, String field, String message) {
        @Override
        public String toString() {
            String where = file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "");
            return where + ": " + (field == null || field.isEmpty() ? "" : "field '" + field + "': ") + message;
        }
    }

    private final List<Problem> problems;

    public MappingException(List<Problem> problems) {
        super(problems.size() + " problem(s) in mapping files:\n  "
                + problems.stream().map(Problem::toString).collect(Collectors.joining("\n  ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
