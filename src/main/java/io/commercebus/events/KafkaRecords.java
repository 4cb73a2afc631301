package io.commercebus.events;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;

import java.util.ArrayList;
import java.util.List;

/** Outbox entries as Kafka records for one batch send: each with its topic, its record key and an eventId header. */
public class KafkaRecords {

    public static final String EVENT_ID_HEADER = "eventId";

    public List<Message> of(List<Outbox.Entry> entries, Exchange exchange) {
        List<Message> records = new ArrayList<>(entries.size());
        for (Outbox.Entry entry : entries) {
            Message record = new DefaultMessage(exchange.getContext());
            record.setBody(entry.payload());
            record.setHeader(KafkaConstants.OVERRIDE_TOPIC, entry.topic());
            record.setHeader(KafkaConstants.KEY, entry.key());
            record.setHeader(EVENT_ID_HEADER, entry.eventId());
            records.add(record);
        }
        return records;
    }
}
