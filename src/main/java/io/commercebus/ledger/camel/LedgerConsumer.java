package io.commercebus.ledger.camel;

import io.commercebus.ledger.Ledger;
import io.commercebus.ledger.LedgerRecord;
import io.commercebus.ledger.PermanentFailure;
import io.commercebus.ledger.RecordHeld;
import io.commercebus.ledger.RecordSkipped;
import io.commercebus.ledger.Stage;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Feeds the records waiting for one stage into a route, up to {@code concurrentConsumers} at a time.
 * A free slot is refilled as soon as a record finishes, so a slow NetSuite call never idles the
 * others (no batch tail). Whatever the route does not record itself, the consumer records: an
 * exception that escaped the route becomes a retry ({@link Ledger#failed}) or, for a
 * {@link PermanentFailure}, a dead letter. Nothing is dropped.
 */
public class LedgerConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerConsumer.class);
    private static final int MAX_ERROR_LENGTH = 4000;

    private final LedgerEndpoint endpoint;
    private final Stage stage;
    private final Ledger ledger;
    private final Semaphore slots;
    private final Semaphore wake = new Semaphore(0);
    private ExecutorService workers;
    private ExecutorService dispatcher;
    private Runnable unsubscribe;

    public LedgerConsumer(LedgerEndpoint endpoint, Processor processor, Stage stage, Ledger ledger) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.stage = stage;
        this.ledger = ledger;
        this.slots = new Semaphore(endpoint.getConcurrentConsumers());
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        var threads = getEndpoint().getCamelContext().getExecutorServiceManager();
        String name = "Ledger " + stage.name().toLowerCase() + " "
                + (endpoint.getMarketplace() == null ? "all" : endpoint.getMarketplace());
        workers = threads.newFixedThreadPool(this, name, endpoint.getConcurrentConsumers());
        dispatcher = threads.newSingleThreadExecutor(this, name + " dispatcher");
        unsubscribe = ledger.onWork(this::wakeUp);
        dispatcher.submit(this::dispatch);
    }

    @Override
    protected void doStop() throws Exception {
        if (unsubscribe != null) {
            unsubscribe.run();
        }
        var threads = getEndpoint().getCamelContext().getExecutorServiceManager();
        if (dispatcher != null) {
            wakeUp();
            threads.shutdownNow(dispatcher);
        }
        if (workers != null) {
            // let records in flight finish so their outcome is recorded; leases cover the rest
            threads.shutdownGraceful(workers, 30_000);
        }
        super.doStop();
    }

    private void wakeUp() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    private void dispatch() {
        Duration lease = Duration.ofSeconds(endpoint.getLeaseSeconds());
        while (isRunAllowed() && !Thread.currentThread().isInterrupted()) {
            try {
                slots.acquire();
                int free = 1 + slots.drainPermits();
                List<LedgerRecord> claimed = List.of();
                try {
                    claimed = ledger.claim(stage, endpoint.getMarketplace(), endpoint.getRecordType(), free, lease);
                } catch (RuntimeException e) {
                    LOG.warn("Ledger {} stage: cannot claim records ({}); retrying", stage, e.getMessage());
                }
                slots.release(free - claimed.size());
                for (LedgerRecord record : claimed) {
                    workers.submit(() -> process(record));
                }
                if (claimed.isEmpty()) {
                    wake.tryAcquire(endpoint.getPollDelay(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void process(LedgerRecord record) {
        String lease = record.leaseOwner();
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setHeader(LedgerHeaders.RECORD_ID, record.id());
            exchange.getMessage().setHeader(LedgerHeaders.LEASE, lease);
            exchange.getMessage().setHeader(LedgerHeaders.MARKETPLACE, record.key().marketplace());
            exchange.getMessage().setHeader(LedgerHeaders.STORE, record.key().store());
            exchange.getMessage().setHeader(LedgerHeaders.RECORD_TYPE, record.key().recordType());
            exchange.getMessage().setHeader(LedgerHeaders.EXTERNAL_ID, record.key().externalId());
            exchange.getMessage().setHeader(LedgerHeaders.ATTEMPTS, record.attempts());
            exchange.getMessage().setHeader(LedgerHeaders.PAYLOAD_HASH, record.payloadHash());
            if (record.netsuiteId() != null) {
                exchange.getMessage().setHeader(LedgerHeaders.NETSUITE_ID, record.netsuiteId());
            }
            if (stage == Stage.DELIVER) {
                exchange.getMessage().setHeader(LedgerHeaders.MAPPING_HASH, Ledger.hash(record.mapped()));
            }
            exchange.getMessage().setBody(switch (stage) {
                case FETCH -> record.key().externalId();
                case MAP -> record.payload();
                case DELIVER -> record.mapped();
            });
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        } finally {
            try {
                settle(record, lease, exchange.getException());
            } catch (RuntimeException e) {
                // the lease expires and another attempt picks the record up again
                LOG.error("Ledger record {}: could not record the outcome of stage {}", record.id(), stage, e);
            } finally {
                releaseExchange(exchange, false);
                slots.release();
            }
        }
    }

    private void settle(LedgerRecord record, String lease, Exception failure) {
        if (failure == null) {
            ledger.release(record.id(), lease);
            return;
        }
        // a fetch replaces the payload: its outcome is never one of an outdated version
        String claimedHash = stage == Stage.FETCH ? null : record.payloadHash();
        RecordSkipped skipped = ObjectHelper.getException(RecordSkipped.class, failure);
        RecordHeld held = ObjectHelper.getException(RecordHeld.class, failure);
        PermanentFailure permanent = ObjectHelper.getException(PermanentFailure.class, failure);
        if (held != null) {
            boolean waits = ledger.held(record.id(), lease, claimedHash, held.reason(), truncate(held.getMessage()),
                    held.waitingFor());
            LOG.info("{} {} at stage {}: {} {}", record.key(), waits ? "held" : "not held (its record just landed)", stage,
                    held.reason(), held.getMessage());
        } else if (skipped != null) {
            LOG.info("{} skipped at stage {}: {} {}", record.key(), stage, skipped.reason(), skipped.getMessage());
            ledger.skipped(record.id(), lease, claimedHash, skipped.reason(), truncate(skipped.getMessage()));
        } else if (permanent != null) {
            LOG.warn("{} dead-lettered at stage {}: {} {}", record.key(), stage, permanent.reason(), permanent.getMessage());
            ledger.dead(record.id(), lease, claimedHash, permanent.reason(), truncate(permanent.getMessage()));
        } else {
            LOG.warn("{} failed at stage {} (attempt {}), will retry: {}", record.key(), stage, record.attempts() + 1,
                    describe(failure));
            ledger.failed(record.id(), lease, claimedHash, truncate(describe(failure)));
        }
    }

    static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return root.getClass().getSimpleName() + message;
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }
}
