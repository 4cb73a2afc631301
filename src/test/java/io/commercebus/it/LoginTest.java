package io.commercebus.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.CommerceBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The REST API and the pages ask for the bus's login (HTTP Basic) once a password is set; the webhooks
 * and the health check stay open. The production profile does not start without a password; the dev
 * profile starts open and says so.
 */
class LoginTest {

    static final String PASSWORD = "pw-Login-7c1e";
    static final String LOGIN = TestBus.basic("admin", PASSWORD);

    @TempDir
    static Path dir;
    static TestBus bus;

    @BeforeAll
    static void start() {
        Map<String, String> settings = TestBus.settings(dir.resolve("bus"));
        settings.put("bus.security.password", PASSWORD);
        bus = TestBus.start(settings);
    }

    @AfterAll
    static void stop() {
        bus.close();
    }

    @Test
    void theApiAndThePagesAskForTheLoginWithAChallengeAndAJsonBody() {
        // the pages the observability work adds (/status, /observe/metrics) are closed before they exist
        for (String path : new String[] {"/api/status", "/api/records?state=DEAD", "/api/reconciliation/gaps",
                "/reconciliation?store=demo", "/status", "/observe/metrics", "/anything-added-later"}) {
            HttpResponse<String> response = bus.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(path)
                    .hasValue("Basic realm=\"commerce-bus\", charset=\"UTF-8\"");
            JsonNode body = bus.json(response);
            assertThat(body.get("status").asInt()).isEqualTo(401);
            assertThat(body.get("error").asText()).contains("login");
            assertThat(body.get("hint").asText()).contains("bus.security.password", "BUS_SECURITY_PASSWORD");
        }
        assertThat(bus.post("/api/sync/inventory", "").statusCode()).isEqualTo(401);
    }

    @Test
    void onlyTheRightUserAndPasswordOpenIt() {
        assertThat(bus.get("/api/status", "Authorization", LOGIN).statusCode()).isEqualTo(200);
        assertThat(bus.get("/reconciliation?store=demo", "Authorization", LOGIN).statusCode()).isEqualTo(200);
        assertThat(bus.get("/api/status", "Authorization", TestBus.basic("admin", PASSWORD + "x")).statusCode()).isEqualTo(401);
        assertThat(bus.get("/api/status", "Authorization", TestBus.basic("root", PASSWORD)).statusCode()).isEqualTo(401);
        assertThat(bus.get("/api/status", "Authorization", TestBus.basic("admin", "")).statusCode()).isEqualTo(401);
        assertThat(bus.get("/api/status", "Authorization", "Basic %%%not-base64").statusCode()).isEqualTo(401);
        assertThat(bus.get("/api/status", "Authorization", "Bearer " + PASSWORD).statusCode()).isEqualTo(401);
        // dot segments are resolved before the check: the webhooks' openness does not lend itself to the API
        assertThat(bus.get("/webhooks/../api/status").statusCode()).isEqualTo(401);
    }

    @Test
    void webhooksAndTheHealthCheckStayOpen() {
        int id = bus.store().placeOrder(Orders.order("open@example.com", "Otto", 77, 1));
        HttpResponse<String> webhook = bus.post("/webhooks/bigcommerce/demo", bus.webhook("store/order/created", id,
                Instant.now().getEpochSecond()), "X-Commerce-Bus-Secret", TestBus.WEBHOOK_SECRET, "Content-Type", "application/json");
        assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(200);
        assertThat(bus.known(id)).isTrue();
        // the webhook's own check still applies
        assertThat(bus.post("/webhooks/bigcommerce/demo", bus.webhook("store/order/created", id, 1),
                "Content-Type", "application/json").statusCode()).isEqualTo(401);
        assertThat(bus.get("/observe/health").statusCode()).isNotEqualTo(401);
        assertThat(bus.get("/observe/health/ready").statusCode()).isNotEqualTo(401);
    }

    @Test
    void theProductionProfileRefusesToStartWithTheApiOpen() {
        Map<String, String> settings = TestBus.settings(dir.resolve("prod"));
        settings.put("bus.profile", "prod");

        assertThatThrownBy(() -> CommerceBus.start(settings, Map.of()).close())
                .hasStackTraceContaining("bus.security.password")
                .hasStackTraceContaining("BUS_SECURITY_PASSWORD");
    }

    @Test
    void theDevProfileStartsOpenAndSaysSoAndHowToCloseIt() {
        String log;
        try (LogCapture capture = LogCapture.install()) {
            try (TestBus open = TestBus.start(TestBus.settings(dir.resolve("dev")))) {
                assertThat(open.get("/api/status").statusCode()).isEqualTo(200);
            }
            log = capture.text();
        }
        assertThat(log).contains("open WITHOUT LOGIN", "set bus.security.password", "BUS_SECURITY_PASSWORD_FILE");
    }
}
