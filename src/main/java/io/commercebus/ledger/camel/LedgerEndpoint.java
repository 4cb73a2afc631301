package io.commercebus.ledger.camel;

import io.commercebus.ledger.Ledger;
import io.commercebus.ledger.Stage;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/** A ledger stage to consume from, or a ledger operation to produce to. */
@UriEndpoint(scheme = "ledger", title = "Sync ledger", syntax = "ledger:name", category = {Category.DATABASE})
public class LedgerEndpoint extends DefaultEndpoint {

    private final Ledger ledger;

    @UriPath(description = "Consumer: the stage (fetch, map, deliver). Producer: the operation"
            + " (announce, fetched, mapped, delivered, dead).")
    private final String name;

    @UriParam(description = "Marketplace whose records this endpoint works on, e.g. bigcommerce; a consumer without one"
            + " works on every marketplace's records")
    private String marketplace;
    @UriParam(description = "Record type, e.g. order", defaultValue = "order")
    private String recordType = "order";
    @UriParam(label = "consumer", description = "Records processed at the same time", defaultValue = "1")
    private int concurrentConsumers = 1;
    @UriParam(label = "consumer", description = "Milliseconds to wait before polling again when nothing was waiting",
            defaultValue = "500")
    private long pollDelay = 500;
    @UriParam(label = "consumer", description = "Seconds a claimed record stays leased to this consumer",
            defaultValue = "300")
    private int leaseSeconds = 300;
    @UriParam(label = "producer", description = "For the dead operation: the dead-letter reason code")
    private String reason;

    public LedgerEndpoint(String uri, LedgerComponent component, String name, Ledger ledger) {
        super(uri, component);
        this.name = name;
        this.ledger = ledger;
    }

    @Override
    public Producer createProducer() {
        return new LedgerProducer(this, LedgerProducer.Operation.of(name), ledger);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        LedgerConsumer consumer = new LedgerConsumer(this, processor, Stage.of(name), ledger);
        configureConsumer(consumer);
        return consumer;
    }

    public String getName() {
        return name;
    }

    public String getMarketplace() {
        return marketplace;
    }

    public void setMarketplace(String marketplace) {
        this.marketplace = marketplace;
    }

    public String getRecordType() {
        return recordType;
    }

    public void setRecordType(String recordType) {
        this.recordType = recordType;
    }

    public int getConcurrentConsumers() {
        return concurrentConsumers;
    }

    public void setConcurrentConsumers(int concurrentConsumers) {
        if (concurrentConsumers < 1) {
            throw new IllegalArgumentException("concurrentConsumers must be at least 1, was " + concurrentConsumers);
        }
        this.concurrentConsumers = concurrentConsumers;
    }

    public long getPollDelay() {
        return pollDelay;
    }

    public void setPollDelay(long pollDelay) {
        this.pollDelay = pollDelay;
    }

    public int getLeaseSeconds() {
        return leaseSeconds;
    }

    public void setLeaseSeconds(int leaseSeconds) {
        this.leaseSeconds = leaseSeconds;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }
}
