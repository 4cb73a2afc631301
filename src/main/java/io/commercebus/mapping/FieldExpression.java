package io.commercebus.mapping;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;

import java.util.Map;

/**
 * One compiled JSONata expression of a mapping file, with the type its result must have and where
 * it was written, so that a failure names the field, the file and the line.
 */
final class FieldExpression {

    /**
     * Variables and functions visible to every expression: $record, $store, $delivered (whether the
     * record reached NetSuite before), $table and the exact decimal functions.
     */
    record Bindings(Object record, Map<String, Object> store, boolean delivered, Jsonata.JFunction table) {
    }

    private final String path;
    private final String source;
    private final ValueType type;
    private final String location;
    private final Jsonata compiled;

    FieldExpression(String path, String source, ValueType type, String location, Jsonata compiled) {
        this.path = path;
        this.source = source;
        this.type = type;
        this.location = location;
        this.compiled = compiled;
    }

    String path() {
        return path;
    }

    String source() {
        return source;
    }

    ValueType type() {
        return type;
    }

    /** Evaluates against the input (the record, or one element of a line group) and converts the result. */
    Object evaluate(Object input, Bindings bindings, ValueType.Context context) {
        Object raw;
        try {
            Jsonata.Frame frame = compiled.createFrame();
            frame.bind("record", bindings.record());
            frame.bind("store", bindings.store());
            frame.bind("delivered", bindings.delivered());
            frame.bind("table", bindings.table());
            Decimals.bind(frame);
            raw = compiled.evaluate(input, frame);
        } catch (JException e) {
            MappingFailure lookupMiss = findCause(e, MappingFailure.class);
            if (lookupMiss != null) {
                throw new MappingFailure(lookupMiss.reason(), describe() + ": " + lookupMiss.getMessage());
            }
            throw MappingFailure.error(describe() + ": JSONata " + e.getError() + " " + e.getMessage());
        } catch (MappingFailure e) {
            throw new MappingFailure(e.reason(), describe() + ": " + e.getMessage());
        }
        try {
            return type.convert(raw, context);
        } catch (IllegalArgumentException e) {
            throw MappingFailure.error(describe() + ": " + e.getMessage());
        }
    }

    private String describe() {
        return "field '" + path + "' (" + location + ")";
    }

    private static <T extends Throwable> T findCause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
