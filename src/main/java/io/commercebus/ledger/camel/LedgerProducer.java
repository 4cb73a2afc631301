package io.commercebus.ledger.camel;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.commercebus.ledger.Ledger;
import io.commercebus.ledger.PermanentFailure;
import io.commercebus.ledger.RecordKey;
import io.commercebus.support.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.util.ObjectHelper;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Records in the ledger what a route did with a record. */
public class LedgerProducer extends DefaultProducer {

    /** The operations a route can perform on the ledger. */
    public enum Operation {
        /** Intake: the marketplace announced a (possibly new) record; headers Store, ExternalId, ChangedAt. */
        ANNOUNCE,
        /** Intake of a whole record (the body); headers Store, ExternalId, ChangedAt. */
        STAGE,
        /** The body is the full record just fetched from the marketplace. */
        FETCHED,
        /** The body is the mapped NetSuite record. */
        MAPPED,
        /** NetSuite accepted the record; headers NetSuiteType, NetSuiteId, NetSuiteExternalId. */
        DELIVERED,
        /** Dead-letter the record with the endpoint's reason, or the caught exception's. */
        DEAD;

        static Operation of(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Unknown ledger operation '" + name
                        + "': use announce, stage, fetched, mapped, delivered or dead (or fetch, map, deliver to consume)", e);
            }
        }
    }

    private static final ObjectMapper JSON = Json.mapper();

    private final LedgerEndpoint endpoint;
    private final Operation operation;
    private final Ledger ledger;

    public LedgerProducer(LedgerEndpoint endpoint, Operation operation, Ledger ledger) {
        super(endpoint);
        this.endpoint = endpoint;
        this.operation = operation;
        this.ledger = ledger;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        switch (operation) {
            case ANNOUNCE -> in.setHeader(LedgerHeaders.INTAKE,
                    ledger.announce(key(in), changedAt(in.getHeader(LedgerHeaders.CHANGED_AT))).name());
            case STAGE -> in.setHeader(LedgerHeaders.INTAKE, ledger.stage(key(in), in.getMandatoryBody(String.class),
                    changedAt(in.getHeader(LedgerHeaders.CHANGED_AT))).name());
            case FETCHED -> in.setHeader(LedgerHeaders.PAYLOAD_CHANGED,
                    ledger.fetched(recordId(in), lease(in), in.getMandatoryBody(String.class)));
            case MAPPED -> {
                Object body = in.getMandatoryBody();
                ledger.mapped(recordId(in), lease(in), hash(in), body instanceof String s ? s : JSON.writeValueAsString(body));
            }
            case DELIVERED -> ledger.delivered(recordId(in), lease(in), hash(in),
                    in.getHeader(LedgerHeaders.MAPPING_HASH, String.class),
                    in.getHeader(LedgerHeaders.NETSUITE_TYPE, String.class),
                    required(in.getHeader(LedgerHeaders.NETSUITE_ID, String.class), LedgerHeaders.NETSUITE_ID + " header"),
                    in.getHeader(LedgerHeaders.NETSUITE_EXTERNAL_ID, String.class));
            case DEAD -> {
                Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
                PermanentFailure permanent = caught == null ? null : ObjectHelper.getException(PermanentFailure.class, caught);
                String reason = endpoint.getReason() != null ? endpoint.getReason()
                        : permanent != null ? permanent.reason() : null;
                String detail = caught != null ? LedgerConsumer.describe(caught) : in.getBody(String.class);
                ledger.dead(recordId(in), lease(in), hash(in), required(reason, "reason option (or a PermanentFailure)"), detail);
            }
        }
    }

    private RecordKey key(Message in) {
        return new RecordKey(
                required(endpoint.getMarketplace(), "marketplace option"),
                required(in.getHeader(LedgerHeaders.STORE, String.class), LedgerHeaders.STORE + " header"),
                endpoint.getRecordType(),
                required(in.getHeader(LedgerHeaders.EXTERNAL_ID, String.class), LedgerHeaders.EXTERNAL_ID + " header"));
    }

    private static String hash(Message in) {
        return in.getHeader(LedgerHeaders.PAYLOAD_HASH, String.class);
    }

    private static long recordId(Message in) {
        Long id = in.getHeader(LedgerHeaders.RECORD_ID, Long.class);
        return required(id, LedgerHeaders.RECORD_ID + " header (set by a ledger consumer)");
    }

    private static String lease(Message in) {
        return in.getHeader(LedgerHeaders.LEASE, String.class);
    }

    static Instant changedAt(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Number n) {
            return Instant.ofEpochSecond(n.longValue());
        }
        String text = value.toString().trim();
        if (text.chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochSecond(Long.parseLong(text));
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(LedgerHeaders.CHANGED_AT + " must be an Instant, epoch seconds or"
                    + " ISO-8601 text, was '" + text + "'", e);
        }
    }

    private static <T> T required(T value, String what) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw new IllegalArgumentException("The ledger needs the " + what);
        }
        return value;
    }
}
