package io.commercebus.sandbox.payments;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A WooCommerce store's card payments, as a payment gateway's plugin knows them: orders paid with the
 * gateway ({@code payment_method}, e.g. stripe) at their {@code date_paid_gmt}, and the refunds it paid
 * back ({@code refunded_payment}). An order paid or refunded in a period was modified in it, so the orders
 * modified since the period's start are read.
 */
final class WooCommercePayments implements CardPayments {

    private static final DateTimeFormatter WOO_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final StoreApi api;
    private final String gateway;

    WooCommercePayments(StoreApi api, String gateway) {
        this.api = api;
        this.gateway = gateway;
    }

    @Override
    public List<Payment> between(Instant from, Instant to) {
        String after = URLEncoder.encode(WOO_DATE.format(from.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC)),
                StandardCharsets.UTF_8);
        List<Payment> out = new ArrayList<>();
        int pages = 1;
        for (int page = 1; page <= pages; page++) {
            Optional<HttpResponse<String>> response = api.get("/orders?modified_after=" + after + "&dates_are_gmt=true&status=any"
                    + "&orderby=id&order=asc&per_page=100&page=" + page);
            if (response.isEmpty()) {
                break;
            }
            pages = response.get().headers().firstValue("X-WP-TotalPages").map(Integer::parseInt).orElse(1);
            for (JsonNode order : StoreApi.json(response.get())) {
                if (gateway.equals(order.path("payment_method").asText())) {
                    payments(order, from, to, out);
                }
            }
        }
        return out;
    }

    private void payments(JsonNode order, Instant from, Instant to, List<Payment> out) {
        String id = order.path("id").asText();
        String currency = order.path("currency").asText();
        Instant paid = time(order.path("date_paid_gmt"));
        if (paid != null && paid.isAfter(from) && !paid.isAfter(to)) {
            out.add(new Payment("ch_" + order.path("transaction_id").asText(id), id, new BigDecimal(order.path("total").asText()),
                    currency, paid));
        }
        if (order.path("refunds").isEmpty()) {
            return;
        }
        api.get("/orders/" + id + "/refunds?per_page=100").ifPresent(response -> {
            for (JsonNode refund : StoreApi.json(response)) {
                Instant at = time(refund.path("date_created_gmt"));
                if (refund.path("refunded_payment").asBoolean() && at != null && at.isAfter(from) && !at.isAfter(to)) {
                    out.add(new Payment("re_" + refund.path("id").asText(), id, new BigDecimal(refund.path("amount").asText())
                            .negate(), currency, at));
                }
            }
        });
    }

    private static Instant time(JsonNode gmt) {
        return gmt.isTextual() && !gmt.asText().isEmpty() ? LocalDateTime.parse(gmt.asText()).toInstant(ZoneOffset.UTC) : null;
    }
}
