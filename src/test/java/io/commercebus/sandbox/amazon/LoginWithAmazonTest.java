package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Login with Amazon's refresh grant, and SP-API's answers to missing, forged and expired access tokens. */
class LoginWithAmazonTest {

    static final String ORDERS = "/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER&CreatedAfter=2020-01-01T00:00:00Z";
    AmazonSandbox amazon = SpApi.sandbox();
    SpApi api = new SpApi(amazon);

    @AfterEach
    void stop() {
        amazon.close();
    }

    @Test
    void theRefreshGrantIssuesABearerTokenThatOpensTheOrdersApi() throws Exception {
        HttpResponse<String> response = api.token(SpApi.form(SpApi.CLIENT_ID, SpApi.CLIENT_SECRET, SpApi.REFRESH_TOKEN));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode token = SpApi.json(response);
        assertThat(token.get("access_token").asText()).startsWith("Atza|");
        assertThat(token.get("token_type").asText()).isEqualTo("bearer");
        assertThat(token.get("expires_in").asInt()).isEqualTo(3600);
        assertThat(token.get("refresh_token").asText()).isEqualTo(SpApi.REFRESH_TOKEN);
        assertThat(api.get(ORDERS, token.get("access_token").asText()).statusCode()).isEqualTo(200);
        assertThat(amazon.stats()).containsEntry("tokensIssued", 1L);
    }

    @Test
    void aJsonBodyIsAcceptedAsAmazonsSdksSendIt() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(amazon.tokenUrl())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"refresh_token\",\"refresh_token\":\""
                        + SpApi.REFRESH_TOKEN + "\",\"client_id\":\"" + SpApi.CLIENT_ID + "\",\"client_secret\":\""
                        + SpApi.CLIENT_SECRET + "\"}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(SpApi.json(response).get("access_token").asText()).startsWith("Atza|");
    }

    @Test
    void badCredentialsGetLwaErrors() throws Exception {
        assertRefused(api.token(SpApi.form(SpApi.CLIENT_ID, "wrong-secret", SpApi.REFRESH_TOKEN)), 401, "invalid_client");
        assertRefused(api.token(SpApi.form("amzn1.application-oa2-client.other", SpApi.CLIENT_SECRET, SpApi.REFRESH_TOKEN)),
                401, "invalid_client");
        assertRefused(api.token(SpApi.form(SpApi.CLIENT_ID, SpApi.CLIENT_SECRET, "Atzr|revoked")), 400, "invalid_grant");
        assertRefused(api.token("grant_type=refresh_token&refresh_token=x&client_secret=y"), 400, "invalid_request");
        assertRefused(api.token("grant_type=client_credentials&scope=sellingpartnerapi::notifications&client_id=a&client_secret=b"),
                400, "unsupported_grant_type");

        assertThat(amazon.stats()).containsEntry("tokensIssued", 0L).containsEntry("tokenRefusals", 5L);
    }

    @Test
    void aMissingOrForgedAccessTokenIsDenied() throws Exception {
        assertDenied(api.get(ORDERS, null), "Access to requested resource is denied.");
        assertDenied(api.get(ORDERS, "Atza|forged"), "The access token you provided is revoked, malformed or invalid.");
        String token = api.accessToken();
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
        assertDenied(api.get(ORDERS, tampered), "The access token you provided is revoked, malformed or invalid.");

        assertThat(amazon.stats()).containsEntry("authFailures", 3L);
    }

    @Test
    void anIssuedTokenExpires() throws Exception {
        amazon.close();
        amazon = SpApi.sandbox(SpApi.LOOSE, Duration.ofSeconds(1), Duration.ZERO, null);
        api = new SpApi(amazon);
        JsonNode token = SpApi.json(api.token(SpApi.form(SpApi.CLIENT_ID, SpApi.CLIENT_SECRET, SpApi.REFRESH_TOKEN)));
        assertThat(token.get("expires_in").asInt()).isEqualTo(1);
        String accessToken = token.get("access_token").asText();

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get(ORDERS, accessToken).statusCode() == 403);
        assertDenied(api.get(ORDERS, accessToken), "The access token you provided has expired.");
        // a fresh token from the same refresh token works again
        assertThat(api.get(ORDERS).statusCode()).isEqualTo(200);
    }

    @Test
    void tokensOutliveARestartOfTheSandbox() throws Exception {
        String token = api.accessToken();
        amazon.close();
        amazon = SpApi.sandbox();

        assertThat(new SpApi(amazon).get(ORDERS, token).statusCode()).isEqualTo(200);
    }

    private static void assertRefused(HttpResponse<String> response, int status, String error) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = SpApi.json(response);
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("error_description").asText()).isNotBlank();
    }

    private static void assertDenied(HttpResponse<String> response, String message) throws Exception {
        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode error = SpApi.json(response).at("/errors/0");
        assertThat(error.get("code").asText()).isEqualTo("Unauthorized");
        assertThat(error.get("message").asText()).isEqualTo(message);
        assertThat(error.get("details").asText()).isEmpty();
    }
}
