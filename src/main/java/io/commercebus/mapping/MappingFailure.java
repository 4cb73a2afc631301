package io.commercebus.mapping;

import io.commercebus.ledger.DeadLetterReason;
import io.commercebus.ledger.PermanentFailure;

/**
 * A record the mapping cannot turn into a valid NetSuite record. Mapping is deterministic, so the
 * record is dead-lettered at once; it is replayable after the mapping, a lookup table or the
 * marketplace record is fixed.
 */
public class MappingFailure extends PermanentFailure {

    public MappingFailure(String reason, String message) {
        super(reason, message);
    }

    public static MappingFailure error(String message) {
        return new MappingFailure(DeadLetterReason.MAPPING_ERROR, message);
    }
}
