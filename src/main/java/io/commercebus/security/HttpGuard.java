package io.commercebus.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.commercebus.support.Json;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stands in front of every route of the bus's HTTP server. It refuses a body over the limit with 413
 * before anything reads it, and, when a login is configured, asks for it (401) on every path but the
 * open ones: the webhooks, which carry their own signatures or shared secrets, and the health check
 * load balancers call. Everything else (the REST API, the pages, metrics, and any path added later) is
 * closed by default. Both refusals are JSON bodies saying what to do, as every error of the bus is.
 */
public final class HttpGuard {

    /** Paths open without login, each with its own reason (see the class comment). */
    public static final List<String> OPEN_PATHS = List.of("/webhooks", "/observe/health");

    private final ApiLogin login;
    private final long maxBodySize;

    /** @param login null leaves every path open (the dev profile without a password) */
    public HttpGuard(ApiLogin login, long maxBodySize) {
        this.login = login;
        this.maxBodySize = maxBodySize;
    }

    public long maxBodySize() {
        return maxBodySize;
    }

    /** Whether a (normalized) path is one of the open paths or under one. */
    public static boolean isOpen(String path) {
        return OPEN_PATHS.stream().anyMatch(open -> path.equals(open) || path.startsWith(open + "/"));
    }

    /** The route handler: every request passes here first. */
    public void handle(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && exceedsLimit(length)) {
            tooLarge(ctx);
            return;
        }
        if (login != null && !isOpen(ctx.normalizedPath())) {
            if (!login.acceptsBasic(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))) {
                refuse(ctx, 401, "this path needs the bus's login",
                        "send HTTP Basic credentials: the user bus.security.user and the password bus.security.password"
                                + " (BUS_SECURITY_PASSWORD); only " + OPEN_PATHS + " are open");
                return;
            }
        }
        // the credentials have done their work: no route, log or error report sees them
        ctx.request().headers().remove(HttpHeaders.AUTHORIZATION);
        ctx.next();
    }

    /** The failure handler: a body that turned out too large while read (no Content-Length) fails with 413. */
    public void failed(RoutingContext ctx) {
        if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
            tooLarge(ctx);
        } else {
            ctx.next();
        }
    }

    private boolean exceedsLimit(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBodySize;
        } catch (NumberFormatException e) {
            // Vert.x refuses a malformed Content-Length itself
            return false;
        }
    }

    private void tooLarge(RoutingContext ctx) {
        // the rest of the body is not read: the connection closes after the answer
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        refuse(ctx, 413, "the request body is larger than the bus accepts (" + maxBodySize + " bytes)",
                "send a smaller body (a webhook carries one record, a notice at most 10,000 item ids), or raise"
                        + " bus.http.max-body-size");
    }

    private void refuse(RoutingContext ctx, int status, String error, String hint) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", error);
        body.put("hint", hint);
        String json;
        try {
            json = Json.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (status == 401) {
            ctx.response().putHeader("WWW-Authenticate", ApiLogin.challenge());
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(json);
    }
}
