package io.commercebus.config;

/**
 * Wires one marketplace into the bus: its stores' clients, the beans its routes call, its sandbox on
 * the embedded defaults, and what it does once the bus is up (e.g. register webhooks). Adding a
 * marketplace is a connector package with one of these, route files and mappings.
 */
public interface MarketplaceSetup {

    /** The marketplace's name as stores use it in {@code bus.store.<id>.marketplace}. */
    String marketplace();

    void configure(SetupContext setup) throws Exception;
}
