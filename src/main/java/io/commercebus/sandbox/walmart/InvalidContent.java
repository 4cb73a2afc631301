package io.commercebus.sandbox.walmart;

/**
 * A request body Walmart would refuse, e.g. a shipping update naming an unknown carrier; the sandbox answers
 * 400 INVALID_REQUEST_CONTENT naming the field, as Walmart does ("Method code is not supported in line number 1").
 */
final class InvalidContent extends IllegalArgumentException {

    private final String field;

    InvalidContent(String field, String problem) {
        super(problem);
        this.field = field;
    }

    String field() {
        return field;
    }
}
