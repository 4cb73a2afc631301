package io.commercebus.sandbox.bigcommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.support.Json;
import io.vertx.core.MultiMap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store API's plumbing: operations registered by method and path template (as BigCommerce's
 * definitions name them, e.g. {@code PUT /v3/catalog/variants}), the request a handler sees, its
 * reply, the error bodies of v2 and v3, and the count of requests per operation and of items per
 * batch.
 */
final class Api {

    static final String STATUS_CODES = "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes";
    static final String INVALID = "JSON data is missing or invalid";

    private Api() {
    }

    /** What a handler does with a request. */
    interface Handler {
        Reply handle(Call call) throws IOException;
    }

    /** One request as a handler sees it: path variables by their template names, query, headers, body. */
    static final class Call {
        final String method;
        final String path;
        final String operation;
        final Map<String, String> vars;
        final MultiMap query;
        final MultiMap headers;
        final String body;

        Call(String method, String path, String operation, Map<String, String> vars, MultiMap query, MultiMap headers, String body) {
            this.method = method;
            this.path = path;
            this.operation = operation;
            this.vars = vars;
            this.query = query;
            this.headers = headers;
            this.body = body;
        }

        /** A numeric path variable; anything else names no resource, so 404 as BigCommerce answers. */
        int id(String var) {
            try {
                return Integer.parseInt(vars.get(var));
            } catch (NumberFormatException e) {
                throw notFound("No resource at " + path);
            }
        }

        /** A numeric path variable of a v2 path; anything else names no resource, so v2's 404. */
        int v2Id(String var) {
            try {
                return Integer.parseInt(vars.get(var));
            } catch (NumberFormatException e) {
                throw v2NotFound();
            }
        }

        /** v2 paging parameters ({@code page}, {@code limit}): at least 1, a malformed one is its default. */
        int v2Int(String name, int fallback) {
            String value = param(name);
            try {
                return value == null ? fallback : Math.max(1, Integer.parseInt(value));
            } catch (NumberFormatException e) {
                return fallback;
            }
        }

        String param(String name) {
            String value = query.get(name);
            return value == null || value.isBlank() ? null : value.trim();
        }

        int intParam(String name, int fallback) {
            String value = param(name);
            try {
                return value == null ? fallback : Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new ApiException(422, v3(422, "The query parameter '" + name + "' must be an integer", Map.of(name, value)));
            }
        }

        /** The body as JSON; an empty body is an empty object. */
        JsonNode json() throws IOException {
            return Json.mapper().readTree(body == null || body.isBlank() ? "{}" : body);
        }

        /** Comma-separated values of {@code name:in} (or of {@code name} alone), e.g. {@code id:in=1,2,3}. */
        List<String> list(String name) {
            String value = param(name);
            if (value == null) {
                return null;
            }
            List<String> out = new ArrayList<>();
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
            return out;
        }
    }

    /** A page of a v2 collection ({@code limit} defaults to 50, at most 250), as copies; an empty page is 204 No Content, as v2 answers it. */
    static Reply v2Page(Call c, List<? extends JsonNode> items) {
        int page = c.v2Int("page", 1);
        int limit = Math.min(c.v2Int("limit", 50), 250);
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (int i = (page - 1) * limit; i < Math.min(items.size(), page * limit); i++) {
            out.add(items.get(i).deepCopy());
        }
        return out.isEmpty() ? Reply.noContent() : Reply.ok(out);
    }

    /** A status and a JSON body (none for 204), sent now or after {@code delayMillis}; {@code afterSend} runs once it is out. */
    record Reply(int status, Object body, long delayMillis, Runnable afterSend) {

        static Reply of(int status, Object body) {
            return new Reply(status, body, 0, null);
        }

        static Reply ok(Object body) {
            return of(200, body);
        }

        static Reply noContent() {
            return of(204, null);
        }

        Reply delayed(long millis, Runnable after) {
            return new Reply(status, body, millis, after);
        }
    }

    /** Ends a request with an error status and body. */
    static final class ApiException extends RuntimeException {
        final int status;
        final transient Object body;

        ApiException(int status, Object body) {
            super(status + " " + body);
            this.status = status;
            this.body = body;
        }
    }

    /** BigCommerce's v3 error body: status, title, type and the detailed errors by field. */
    static ObjectNode v3(int status, String title, Map<String, String> errors) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("status", status);
        body.put("title", title);
        body.put("type", STATUS_CODES);
        ObjectNode detail = body.putObject("errors");
        if (errors != null) {
            errors.forEach(detail::put);
        }
        return body;
    }

    static ApiException notFound(String title) {
        return new ApiException(404, v3(404, title, null));
    }

    static ApiException invalid(Map<String, String> errors) {
        return new ApiException(422, v3(422, INVALID, errors));
    }

    static ApiException invalid(String field, String message) {
        return invalid(Map.of(field, message));
    }

    /** 413 as BigCommerce words it for a batch over its limit. */
    static ApiException tooLarge(int limit) {
        return new ApiException(413, v3(413, "The request payload is too large. The maximum items allowed in the array is " + limit, null));
    }

    /** BigCommerce's v2 error body: an array of status and message. */
    static List<Map<String, Object>> v2(int status, String message) {
        return List.of(Map.of("status", status, "message", message));
    }

    /** v2's 400, the status it gives every request it refuses for its content. */
    static ApiException v2Refused(String message) {
        return new ApiException(400, v2(400, message));
    }

    /** v2's 404, worded as BigCommerce words it. */
    static ApiException v2NotFound() {
        return new ApiException(404, v2(404, "The requested resource was not found."));
    }

    // ---------------------------------------------------------------- routes

    /** A matched request: the operation (null when the path exists but not for this method) and its path variables. */
    record Match(String template, Handler handler, Map<String, String> vars, Set<String> methods) {
    }

    /** Operations by path template; the most literal template wins, so {@code /pricelists/assignments} beats {@code /pricelists/{id}}. */
    static final class Routes {

        private record Template(String text, String[] segments, int literals, Map<String, Handler> handlers) {
        }

        private final List<Template> templates = new ArrayList<>();
        private final Routes target;
        private final Object lock;

        Routes() {
            this(null, null);
        }

        private Routes(Routes target, Object lock) {
            this.target = target;
            this.lock = lock;
        }

        /** A view that registers here handlers which run holding {@code lock}. */
        Routes lockedOn(Object lock) {
            return new Routes(this, lock);
        }

        Routes add(String method, String template, Handler handler) {
            if (target != null) {
                target.add(method, template, c -> {
                    synchronized (lock) {
                        return handler.handle(c);
                    }
                });
                return this;
            }
            Template t = templates.stream().filter(x -> x.text().equals(template)).findFirst().orElse(null);
            if (t == null) {
                String[] segments = template.substring(1).split("/");
                int literals = 0;
                for (String s : segments) {
                    literals += s.startsWith("{") ? 0 : 1;
                }
                t = new Template(template, segments, literals, new LinkedHashMap<>());
                templates.add(t);
            }
            t.handlers().put(method, handler);
            return this;
        }

        Optional<Match> match(String method, String path) {
            String[] parts = path.length() <= 1 ? new String[0] : path.substring(1).split("/", -1);
            Template best = null;
            Map<String, String> bestVars = null;
            for (Template t : templates) {
                if (t.segments().length != parts.length) {
                    continue;
                }
                Map<String, String> vars = new LinkedHashMap<>();
                boolean ok = true;
                for (int i = 0; i < parts.length && ok; i++) {
                    String s = t.segments()[i];
                    if (s.startsWith("{")) {
                        vars.put(s.substring(1, s.length() - 1), parts[i]);
                        ok = !parts[i].isEmpty();
                    } else {
                        ok = s.equals(parts[i]);
                    }
                }
                if (ok && (best == null || t.literals() > best.literals())) {
                    best = t;
                    bestVars = vars;
                }
            }
            if (best == null) {
                return Optional.empty();
            }
            return Optional.of(new Match(best.text(), best.handlers().get(method), bestVars, best.handlers().keySet()));
        }
    }

    // ---------------------------------------------------------------- statistics

    /** Requests served per operation and the item count of every batch applied, for tests and /sandbox/stats. */
    static final class Stats {
        private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
        private final Map<String, List<Integer>> batches = new ConcurrentHashMap<>();

        void request(String operation) {
            requests.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
        }

        void batch(String operation, int items) {
            batches.computeIfAbsent(operation, k -> new CopyOnWriteArrayList<>()).add(items);
        }

        long requests(String operation) {
            AtomicLong n = requests.get(operation);
            return n == null ? 0 : n.get();
        }

        Map<String, Long> requests() {
            Map<String, Long> out = new TreeMap<>();
            requests.forEach((k, v) -> out.put(k, v.get()));
            return out;
        }

        List<Integer> batches(String operation) {
            List<Integer> sizes = batches.get(operation);
            return sizes == null ? List.of() : List.copyOf(sizes);
        }

        Map<String, List<Integer>> batches() {
            Map<String, List<Integer>> out = new TreeMap<>();
            batches.forEach((k, v) -> out.put(k, Collections.unmodifiableList(new ArrayList<>(v))));
            return out;
        }

        void reset() {
            requests.clear();
            batches.clear();
        }
    }
}
