package io.commercebus.sandbox.amazon;

/** An SP-API error answer: the HTTP status and the {@code code} and {@code message} of its error list. */
final class SpApiError extends RuntimeException {

    final int status;
    final String code;

    SpApiError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** The Listings Items API's 400 (its published sandbox examples answer BAD_REQUEST). */
    static SpApiError badRequest(String message) {
        return new SpApiError(400, "BAD_REQUEST", message);
    }

    /** The Feeds API's 400, as the Orders API words it. */
    static SpApiError invalidInput(String message) {
        return new SpApiError(400, "InvalidInput", message);
    }
}
