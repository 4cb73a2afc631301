package io.commercebus.sandbox.payments;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A BigCommerce store's card payments, as its payment gateway knows them: orders whose payment was
 * captured at checkout ({@code payment_status} captured; not incomplete, pending, declined or awaiting
 * payment) at their {@code date_created}, and refunds paid back through the gateway (a refund's
 * {@code payments} not {@code offline}).
 */
final class BigCommercePayments implements CardPayments {

    private static final Set<Integer> UNPAID = Set.of(0, 1, 6, 7);

    private final StoreApi api;

    BigCommercePayments(StoreApi api) {
        this.api = api;
    }

    @Override
    public List<Payment> between(Instant from, Instant to) {
        List<Payment> out = new ArrayList<>();
        Map<String, String> currencies = new HashMap<>();
        String since = URLEncoder.encode(from.truncatedTo(ChronoUnit.SECONDS).toString(), StandardCharsets.UTF_8);
        for (int page = 1; ; page++) {
            Optional<HttpResponse<String>> response = api.get("/v2/orders?min_date_modified=" + since + "&limit=250&page=" + page);
            if (response.isEmpty()) {
                break;
            }
            JsonNode orders = StoreApi.json(response.get());
            for (JsonNode order : orders) {
                String id = order.path("id").asText();
                currencies.put(id, order.path("currency_code").asText());
                Instant created = ZonedDateTime.parse(order.path("date_created").asText(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                if ("captured".equals(order.path("payment_status").asText()) && !UNPAID.contains(order.path("status_id").asInt())
                        && created.isAfter(from) && !created.isAfter(to)) {
                    out.add(new Payment("ch_" + order.path("payment_provider_id").asText(id), id,
                            new BigDecimal(order.path("total_inc_tax").asText()), order.path("currency_code").asText(), created));
                }
            }
            if (orders.size() < 250) {
                break;
            }
        }
        refunds(from, to, currencies, out);
        return out;
    }

    private void refunds(Instant from, Instant to, Map<String, String> currencies, List<Payment> out) {
        String min = URLEncoder.encode(from.truncatedTo(ChronoUnit.SECONDS).toString(), StandardCharsets.UTF_8);
        int pages = 1;
        for (int page = 1; page <= pages; page++) {
            Optional<HttpResponse<String>> response = api.get("/v3/orders/payment_actions/refunds?created:min=" + min
                    + "&limit=250&page=" + page);
            if (response.isEmpty()) {
                return;
            }
            JsonNode body = StoreApi.json(response.get());
            pages = body.path("meta").path("pagination").path("total_pages").asInt(1);
            for (JsonNode refund : body.path("data")) {
                Instant at = OffsetDateTime.parse(refund.path("created").asText()).toInstant();
                if (!at.isAfter(from) || at.isAfter(to)) {
                    continue;
                }
                String order = refund.path("order_id").asText();
                for (JsonNode payment : refund.path("payments")) {
                    if (!payment.path("offline").asBoolean() && !payment.path("is_declined").asBoolean()) {
                        out.add(new Payment("re_" + refund.path("id").asText() + "_" + payment.path("id").asText(), order,
                                payment.path("amount").decimalValue().negate(), currencies.getOrDefault(order, "USD"), at));
                    }
                }
            }
        }
    }
}
