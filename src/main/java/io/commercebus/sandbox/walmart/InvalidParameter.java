package io.commercebus.sandbox.walmart;

/** A request parameter Walmart would refuse; the sandbox answers 400 INVALID_REQUEST_PARAM naming it. */
final class InvalidParameter extends IllegalArgumentException {

    private final String name;

    InvalidParameter(String name, String problem) {
        super(problem);
        this.name = name;
    }

    String name() {
        return name;
    }
}
