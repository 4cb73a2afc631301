package io.commercebus.mapping;

import java.util.Map;

/**
 * One entry of a mapping's {@code lines}: either one line per element of {@code each} (e.g. the
 * order's products) or a single line, kept only when {@code when} is true (e.g. a tax line).
 */
record LineGroup(
        String path,
        MappedLine.Kind kind,
        FieldExpression each,
        FieldExpression when,
        FieldExpression sku,
        FieldExpression lineId,
        FieldExpression description,
        FieldExpression quantity,
        FieldExpression rate,
        FieldExpression amount,
        FieldExpression discount,
        FieldExpression discountSku,
        Map<String, FieldExpression> fields) {
}
