package io.commercebus.mapping;

import com.dashjoin.jsonata.Jsonata;

import java.math.BigDecimal;
import java.util.List;

/**
 * Exact decimal arithmetic for mapping expressions, since JSONata's own is binary floating point:
 * {@code $add(a, b, ...)}, {@code $subtract(a, b)}, {@code $multiply(a, b)}. Arguments are numbers or
 * decimal strings; results are decimal strings, ready for a {@code money} field.
 */
final class Decimals {

    private Decimals() {
    }

    static void bind(Jsonata.Frame frame) {
        frame.bind("add", Jsonata.function("add", (Jsonata.FnVarArgs<Object>) args -> {
            BigDecimal sum = BigDecimal.ZERO;
            for (Object arg : args) {
                sum = sum.add(operand(arg, "$add"));
            }
            return sum.toPlainString();
        }, null));
        frame.bind("subtract", Jsonata.function("subtract", (Jsonata.FnVarArgs<Object>) args -> {
            requireTwo(args, "$subtract");
            return operand(args.get(0), "$subtract").subtract(operand(args.get(1), "$subtract")).toPlainString();
        }, null));
        frame.bind("multiply", Jsonata.function("multiply", (Jsonata.FnVarArgs<Object>) args -> {
            requireTwo(args, "$multiply");
            return operand(args.get(0), "$multiply").multiply(operand(args.get(1), "$multiply")).toPlainString();
        }, null));
    }

    private static void requireTwo(List<?> args, String function) {
        if (args.size() != 2) {
            throw MappingFailure.error(function + " takes two numbers, got " + args.size());
        }
    }

    /** An absent value counts as zero, as an absent discount or fee does. */
    private static BigDecimal operand(Object value, String function) {
        if (value == null) {
            return BigDecimal.ZERO;
        }
        try {
            return ValueType.decimal(value);
        } catch (IllegalArgumentException e) {
            throw MappingFailure.error(function + ": " + e.getMessage());
        }
    }
}
