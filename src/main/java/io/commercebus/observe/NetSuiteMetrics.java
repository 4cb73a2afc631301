package io.commercebus.observe;

import io.commercebus.connector.netsuite.NetSuiteClient;
import io.commercebus.governance.ConcurrencyGovernor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A NetSuite account's numbers as Prometheus metrics: the governor's permits (limit, lent, in use,
 * waiting) and its request and 429 counts, read live; and the time NetSuite takes to answer, per kind of
 * request, record type and outcome, with its 50th, 95th and 99th percentiles (over the last minutes).
 */
public class NetSuiteMetrics implements NetSuiteClient.RequestObserver {

    private static final double[] PERCENTILES = {0.5, 0.95, 0.99};

    private final MeterRegistry registry;
    private final String account;
    private final Map<Tags, Timer> timers = new ConcurrentHashMap<>();

    public NetSuiteMetrics(MeterRegistry registry, ConcurrencyGovernor governor) {
        this.registry = registry;
        this.account = governor.account();
        Tags tags = Tags.of("account", account);
        Gauge.builder("commercebus.netsuite.permits.limit", governor, ConcurrencyGovernor::limit).tags(tags)
                .description("The NetSuite account's concurrency limit").register(registry);
        Gauge.builder("commercebus.netsuite.permits.lent", governor, ConcurrencyGovernor::effectiveLimit).tags(tags)
                .description("Permits the governor lends now (one fewer for a while after a 429)").register(registry);
        Gauge.builder("commercebus.netsuite.permits.in.use", governor, ConcurrencyGovernor::inUse).tags(tags)
                .description("NetSuite requests on the wire").register(registry);
        Gauge.builder("commercebus.netsuite.requests.waiting", governor, ConcurrencyGovernor::waiting).tags(tags)
                .description("Requests waiting for a permit").register(registry);
        FunctionCounter.builder("commercebus.netsuite.requests", governor, ConcurrencyGovernor::granted).tags(tags)
                .description("NetSuite requests sent").register(registry);
        FunctionCounter.builder("commercebus.netsuite.throttled", governor, ConcurrencyGovernor::throttledCount).tags(tags)
                .description("NetSuite answers refusing a request for the concurrency limit (429)").register(registry);
    }

    @Override
    public void answered(String kind, String recordType, String outcome, long nanos) {
        Tags tags = Tags.of("account", account, "kind", kind, "record_type", recordType, "outcome", outcome);
        timers.computeIfAbsent(tags, t -> Timer.builder("commercebus.netsuite.request")
                .description("Time NetSuite took to answer a request (on the wire, within a permit)")
                .tags(t).publishPercentiles(PERCENTILES).distributionStatisticExpiry(Duration.ofMinutes(5))
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }
}
