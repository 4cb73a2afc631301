package io.commercebus.config;

/**
 * Wires one marketplace into the bus: its stores' clients, the beans its routes call, its sandbox on
 * the embedded defaults, and what it does once the bus is up (e.g. register webhooks). Adding a
 * marketplace is a connector package with one of these, route files and mappings.
 */
public interface MarketplaceSetup {

    /** The marketplace's name as stores use it in {@code bus.store.<id>.marketplace}. */
    String marketplace();

    /**
     * Starts the marketplace's sandbox for the store named by {@code bus.sandbox.<marketplace>.store}
     * on the embedded defaults, or returns null when there is none.
     */
    AutoCloseable startSandbox(SetupContext setup);

    /** Wires the marketplace's stores into the bus, starting its sandbox first where there is one. */
    void configure(SetupContext setup) throws Exception;
}
