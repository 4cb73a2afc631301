package io.commercebus.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.commercebus.connector.marketplace.WebhookRejectedException;
import io.commercebus.support.Json;
import org.apache.camel.Exchange;
import org.apache.camel.TypeConversionException;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the exception a webhook or API request ended with into its HTTP answer: the right status and
 * a JSON body saying what was wrong and what to do ({@code {"status", "error", "hint"}}).
 */
public class ErrorResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    public void render(Exchange exchange) throws JsonProcessingException {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int status;
        String hint = null;
        if (e instanceof WebhookRejectedException w) {
            status = w.getStatus();
            hint = w.getHint();
            LOG.warn("Webhook refused with {} from {}: {}", status, exchange.getMessage().getHeader("CamelHttpUri"), w.getMessage());
        } else if (e instanceof LedgerApi.ApiException a) {
            status = a.getStatus();
        } else if (e instanceof IllegalArgumentException
                || ObjectHelper.getException(TypeConversionException.class, e) != null) {
            // e.g. /api/records/abc: a path or query parameter of the wrong type
            status = 400;
        } else {
            status = 500;
            LOG.error("Request failed: {}", exchange.getMessage().getHeader("CamelHttpUri"), e);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", status == 500 ? "internal error; the bus log has the details" : message(e));
        if (ObjectHelper.getException(TypeConversionException.class, e) != null) {
            body.put("error", "a parameter has the wrong type: " + ObjectHelper.getException(TypeConversionException.class, e).getValue());
        }
        if (hint != null) {
            body.put("hint", hint);
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(Json.mapper().writeValueAsString(body));
    }

    private static String message(Exception e) {
        return e == null || e.getMessage() == null ? "bad request" : e.getMessage();
    }
}
