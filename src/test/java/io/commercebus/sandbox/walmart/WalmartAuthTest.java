package io.commercebus.sandbox.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.contract.JsonSchemaFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static io.commercebus.sandbox.walmart.WalmartCalls.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Token API and what every call must carry: Walmart's headers and a live access token. */
class WalmartAuthTest {

    static WalmartSandbox walmart;
    static WalmartCalls calls;
    static JsonSchemaFile schema;
    static String purchaseOrderId;

    @BeforeAll
    static void start() throws Exception {
        walmart = new WalmartSandbox(WalmartCalls.config()).start();
        calls = new WalmartCalls(walmart);
        schema = new JsonSchemaFile("/walmart/orders.schema.json");
        purchaseOrderId = walmart.placeDemoOrders(1).get(0);
    }

    @AfterAll
    static void stop() {
        walmart.close();
    }

    @Test
    void clientCredentialsGetABearerTokenForFifteenMinutes() throws Exception {
        HttpResponse<String> response = calls.token(WalmartCalls.CLIENT_ID, WalmartCalls.CLIENT_SECRET);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode token = body(response);
        assertThat(schema.validate("token", token)).isEmpty();
        assertThat(token.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(token.get("expires_in").asLong()).isEqualTo(900);
        assertThat(calls.get("/v3/orders/" + purchaseOrderId, token.get("access_token").asText()).statusCode()).isEqualTo(200);
    }

    @Test
    void wrongCredentialsAre401WithWalmartsErrorBody() throws Exception {
        long failures = (long) walmart.stats().get("authFailures");

        HttpResponse<String> response = calls.token(WalmartCalls.CLIENT_ID, "not-the-secret");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(schema.validate("errors", body(response))).isEmpty();
        JsonNode error = body(response).at("/errors/error/0");
        assertThat(error.get("code").asText()).isEqualTo("UNAUTHORIZED.GMP_GATEWAY_API");
        assertThat(error.get("category").asText()).isEqualTo("DATA");
        assertThat((long) walmart.stats().get("authFailures")).isEqualTo(failures + 1);
    }

    @Test
    void theTokenApiWantsTheClientCredentialsGrant() throws Exception {
        HttpResponse<String> response = calls.send(calls.request("/v3/token")
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        (WalmartCalls.CLIENT_ID + ":" + WalmartCalls.CLIENT_SECRET).getBytes()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).at("/errors/error/0/field").asText()).isEqualTo("grant_type");
    }

    @Test
    void aMissingOrUnknownAccessTokenIs401() throws Exception {
        HttpResponse<String> missing = calls.send(calls.request("/v3/orders/released").GET());
        HttpResponse<String> unknown = calls.get("/v3/orders/released", "eyJnot-a-token");

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(body(missing).at("/errors/error/0/info").asText()).contains("WM_SEC.ACCESS_TOKEN");
        assertThat(schema.validate("errors", body(unknown))).isEmpty();
    }

    @Test
    void anExpiredTokenIs401UntilTheClientFetchesANewOne() throws Exception {
        WalmartSandbox.Config config = WalmartCalls.config();
        try (WalmartSandbox shortLived = new WalmartSandbox(new WalmartSandbox.Config(config.host(), 0, config.clientId(),
                config.clientSecret(), Duration.ofSeconds(1), null, 0, 1, null)).start()) {
            WalmartCalls client = new WalmartCalls(shortLived);
            String id = shortLived.placeDemoOrders(1).get(0);
            String token = client.token();
            assertThat(client.get("/v3/orders/" + id, token).statusCode()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(5)).until(() -> client.get("/v3/orders/" + id, token).statusCode() == 401);

            assertThat(body(client.get("/v3/orders/" + id, token)).at("/errors/error/0/info").asText()).contains("expired");
            assertThat(client.get("/v3/orders/" + id, client.token()).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void everyCallNeedsTheServiceNameCorrelationIdAndAccept() throws Exception {
        String token = calls.token();
        for (String header : new String[] {"WM_SVC.NAME", "WM_QOS.CORRELATION_ID", "Accept"}) {
            HttpRequest.Builder request = calls.bare("/v3/orders/" + purchaseOrderId).header("WM_SEC.ACCESS_TOKEN", token);
            if (!header.equals("WM_SVC.NAME")) {
                request.header("WM_SVC.NAME", "Walmart Marketplace");
            }
            if (!header.equals("WM_QOS.CORRELATION_ID")) {
                request.header("WM_QOS.CORRELATION_ID", UUID.randomUUID().toString());
            }
            if (!header.equals("Accept")) {
                request.header("Accept", "application/json");
            }

            HttpResponse<String> response = calls.send(request.GET());

            assertThat(response.statusCode()).as(header).isEqualTo(400);
            assertThat(schema.validate("errors", body(response))).isEmpty();
            assertThat(body(response).at("/errors/error/0/code").asText()).isEqualTo("INVALID_REQUEST_HEADER.GMP_ORDER_API");
            assertThat(body(response).at("/errors/error/0/field").asText()).isEqualTo(header);
            assertThat(response.headers().firstValue("x-current-token-count")).isPresent();
        }
    }

    @Test
    void theTokenApiAlsoWantsTheCorrelationId() throws Exception {
        HttpResponse<String> response = calls.send(calls.bare("/v3/token")
                .header("WM_SVC.NAME", "Walmart Marketplace").header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(body(response).at("/errors/error/0/field").asText()).isEqualTo("WM_QOS.CORRELATION_ID");
    }

    @Test
    void xmlIsNotSpokenHere() throws Exception {
        HttpResponse<String> response = calls.send(calls.bare("/v3/orders/" + purchaseOrderId)
                .header("WM_SVC.NAME", "Walmart Marketplace").header("WM_QOS.CORRELATION_ID", "1234567890")
                .header("Accept", "application/xml").header("WM_SEC.ACCESS_TOKEN", calls.token()).GET());

        assertThat(response.statusCode()).isEqualTo(406);
        assertThat(body(response).at("/errors/error/0/code").asText()).isEqualTo("INVALID_ACCEPT_TYPE.GMP_GATEWAY_API");
    }
}
