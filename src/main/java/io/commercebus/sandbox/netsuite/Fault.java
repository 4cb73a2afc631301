package io.commercebus.sandbox.netsuite;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A fault the simulator injects on matching requests: for the next {@code count} of them, or for a
 * share of them ({@code rate}, 0..1) until removed.
 *
 * @param kind      what goes wrong
 * @param rate      probability per matching request, when count is 0
 * @param count     how many matching requests fail (0 = use rate)
 * @param method    HTTP method to match, or null for any
 * @param path      regular expression the request path must contain a match of, or null for any
 * @param afterWrite for TIMEOUT: apply the write first, then never answer (the client cannot know it succeeded)
 */
public record Fault(Kind kind, double rate, int count, String method, String path, boolean afterWrite,
                   AtomicInteger remaining) {

    /** The failures NetSuite is known for. */
    public enum Kind {
        /** 429 CONCURRENCY_LIMIT_EXCEEDED although the limit is not reached (another integration used it). */
        THROTTLE,
        /** 500 UNEXPECTED_ERROR. */
        SERVER_ERROR,
        /** 503 Service Unavailable (maintenance, overload). */
        UNAVAILABLE,
        /** The request is held and never answered; the client's timeout fires. */
        TIMEOUT,
        /** 400 USER_ERROR "Record has been changed": another writer holds the record. */
        RECORD_LOCKED,
        /** 400 INVALID_CONTENT: NetSuite refuses a field value (e.g. an inactive location); retrying cannot help. */
        INVALID_FIELD
    }

    public static Fault next(Kind kind, int count) {
        return new Fault(kind, 0, count, null, null, false, new AtomicInteger(count));
    }

    public static Fault rate(Kind kind, double rate) {
        return new Fault(kind, rate, 0, null, null, false, new AtomicInteger());
    }

    public Fault on(String method, String pathRegex) {
        return new Fault(kind, rate, count, method, pathRegex, afterWrite, remaining);
    }

    public Fault afterTheWrite() {
        return new Fault(kind, rate, count, method, path, true, remaining);
    }

    boolean matches(String requestMethod, String requestPath) {
        return (method == null || method.equalsIgnoreCase(requestMethod))
                && (path == null || Pattern.compile(path).matcher(requestPath).find());
    }

    /** Whether this request fails; consumes one of {@code count}. */
    boolean strikes() {
        if (count > 0) {
            return remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
        }
        return ThreadLocalRandom.current().nextDouble() < rate;
    }

    boolean exhausted() {
        return count > 0 && remaining.get() == 0;
    }
}
