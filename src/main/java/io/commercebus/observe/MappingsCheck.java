package io.commercebus.observe;

import io.commercebus.mapping.Mappings;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.List;
import java.util.Map;

/**
 * Readiness: the mapping files are loaded. A broken file stops the bus at start and a broken reload
 * keeps the mappings in force, so this is DOWN only for a mappings folder that holds none.
 */
public class MappingsCheck extends AbstractHealthCheck {

    private final Mappings mappings;

    public MappingsCheck(Mappings mappings) {
        super("commerce-bus", "mappings");
        this.mappings = mappings;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> names = mappings.names();
        builder.detail("mappings.count", names.size());
        if (names.isEmpty()) {
            builder.message("No mappings loaded: check bus.mappings.dir").down();
        } else {
            builder.message(names.size() + " mappings loaded").up();
        }
    }
}
