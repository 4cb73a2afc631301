package io.commercebus.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.support.Json;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the sandboxes share: their state file (so a restart of the embedded defaults keeps the
 * simulated store's orders and account's records) and waiting for their HTTP server.
 */
public final class SandboxState {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxState.class);

    private SandboxState() {
    }

    /** The saved state, if there is a readable one. */
    public static Optional<JsonNode> read(Path file, String sandbox) {
        if (file == null || !Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readTree(file.toFile()));
        } catch (IOException e) {
            LOG.warn("{} sandbox cannot read {} ({}); starting empty", sandbox, file, e.getMessage());
            return Optional.empty();
        }
    }

    public static void write(Path file, JsonNode state, String sandbox) {
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Json.mapper().writeValue(file.toFile(), state);
        } catch (IOException e) {
            LOG.warn("{} sandbox cannot save its state to {}: {}", sandbox, file, e.getMessage());
        }
    }

    /** Waits for a Vert.x operation (a server starting or stopping). */
    public static <T> T await(Future<T> future, String sandbox) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(sandbox + " sandbox: " + e.getMessage(), e);
        }
    }
}
