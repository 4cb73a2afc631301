package io.commercebus.sandbox;

import io.commercebus.CommerceBus;

import java.util.Map;

/**
 * Runs the sandboxes on their own, without the bus (no database, Kafka, routes or HTTP server), e.g.
 * for a bus started elsewhere or another client under test. Same settings as the embedded defaults,
 * each overridable by a system property or environment variable:
 * {@code mvn -q compile exec:exec -Dbus.main=io.commercebus.sandbox.SandboxMain}.
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    public static void main(String[] args) {
        CommerceBus.run(Map.of(
                "bus.sandbox.enabled", "true",
                "bus.sandbox.only", "true",
                "camel.main.routes-collector-enabled", "false",
                "camel.server.enabled", "false",
                // the bus's health and metrics endpoints: no bus here to watch
                "camel.management.enabled", "false",
                "camel.metrics.enabled", "false"), args);
    }
}
