package io.commercebus.connector.netsuite;

import io.commercebus.governance.ConcurrencyGovernor;
import io.commercebus.sandbox.Sandboxes;
import io.commercebus.sandbox.netsuite.Fault;
import io.commercebus.sandbox.netsuite.NetSuiteSandbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The governed client against the NetSuite sandbox, over real HTTP. */
class NetSuiteClientTest {

    private NetSuiteSandbox sandbox;

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void manyCallersNeverExceedTheAccountLimit() throws Exception {
        sandbox = Sandboxes.netsuite(5, Duration.ofMillis(40));
        NetSuiteClient client = Sandboxes.client(sandbox, 5, Duration.ofSeconds(10));

        upsertCustomersConcurrently(client, 60, 24);

        assertThat(sandbox.concurrencyRejections()).isZero();
        assertThat(sandbox.maxInFlight()).isEqualTo(5);
        assertThat(sandbox.records("customer")).hasSize(60);
        assertThat(client.governor().maxInUse()).isEqualTo(5);
    }

    @Test
    void throttlingIsAbsorbedWithBackoffAndNothingIsLost() throws Exception {
        // the bus believes it may use 8 while NetSuite allows 5: 429s must only delay the work
        sandbox = Sandboxes.netsuite(5, Duration.ofMillis(40));
        ConcurrencyGovernor governor = new ConcurrencyGovernor(Sandboxes.ACCOUNT, 8, Duration.ofMinutes(5), Clock.systemUTC());
        NetSuiteClient client = Sandboxes.client(sandbox, governor, Duration.ofSeconds(10), Sandboxes.CONSUMER_SECRET);

        upsertCustomersConcurrently(client, 60, 16);

        assertThat(sandbox.records("customer")).hasSize(60);
        assertThat(sandbox.concurrencyRejections()).isPositive();
        assertThat(client.throttledResponses()).isEqualTo(sandbox.concurrencyRejections());
        assertThat(governor.effectiveLimit()).isLessThan(8);
    }

    @Test
    void upsertByExternalIdWritesOnceHoweverOftenItIsSent() {
        sandbox = Sandboxes.netsuite(5, Duration.ZERO);
        NetSuiteClient client = Sandboxes.client(sandbox, 5, Duration.ofSeconds(10));

        String first = client.upsert("customer", "CUST-1", customer("a@example.com"), null);
        String second = client.upsert("customer", "CUST-1", customer("a@example.com"), null);

        assertThat(second).isEqualTo(first);
        assertThat(sandbox.records("customer")).hasSize(1);
        assertThat(client.query("SELECT id, email FROM customer WHERE LOWER(email) = " + NetSuiteClient.literal("A@example.com".toLowerCase())))
                .containsExactly(Map.of("id", first, "email", "a@example.com"));
    }

    @Test
    void classifiesNetSuiteFailuresAsRetryableOrPermanent() {
        sandbox = Sandboxes.netsuite(5, Duration.ZERO);
        NetSuiteClient client = Sandboxes.client(sandbox, 5, Duration.ofMillis(500));

        sandbox.addFault(Fault.next(Fault.Kind.SERVER_ERROR, 1));
        assertThatThrownBy(() -> client.upsert("customer", "C-2", customer("b@example.com"), null))
                .isInstanceOf(NetSuiteUnavailableException.class).hasMessageContaining("500 UNEXPECTED_ERROR");

        sandbox.addFault(Fault.next(Fault.Kind.RECORD_LOCKED, 1));
        assertThatThrownBy(() -> client.upsert("customer", "C-2", customer("b@example.com"), null))
                .isInstanceOf(NetSuiteUnavailableException.class).hasMessageContaining("Record has been changed");

        sandbox.addFault(Fault.next(Fault.Kind.TIMEOUT, 1));
        assertThatThrownBy(() -> client.upsert("customer", "C-2", customer("b@example.com"), null))
                .isInstanceOf(NetSuiteUnavailableException.class).hasMessageContaining("did not answer");

        Map<String, Object> typo = customer("b@example.com");
        typo.put("emial", "x");
        assertThatThrownBy(() -> client.upsert("customer", "C-2", typo, null))
                .isInstanceOf(NetSuiteRejectedException.class)
                .hasMessageContaining("HTTP 400 INVALID_CONTENT").hasMessageContaining("'emial'");

        assertThat(client.upsert("customer", "C-2", customer("b@example.com"), null)).isNotBlank();
    }

    @Test
    void aWrongSecretIsRefusedAsALoginFailureNotAsABadRecord() {
        sandbox = Sandboxes.netsuite(5, Duration.ZERO);
        NetSuiteClient client = Sandboxes.client(sandbox, new ConcurrencyGovernor(Sandboxes.ACCOUNT, 5,
                Duration.ofSeconds(1), Clock.systemUTC()), Duration.ofSeconds(5), "wrong-secret");

        assertThatThrownBy(() -> client.governanceLimits())
                .isInstanceOf(NetSuiteUnavailableException.class).hasMessageContaining("401 INVALID_LOGIN");
        assertThat(sandbox.stats()).containsEntry("authFailures", 1L);
    }

    @Test
    void readsTheConcurrencyLimitFromGovernanceLimits() {
        sandbox = Sandboxes.netsuite(7, Duration.ZERO);
        NetSuiteClient client = Sandboxes.client(sandbox, 1, Duration.ofSeconds(5));

        GovernanceLimits limits = client.governanceLimits();

        assertThat(limits.integrationLimitType()).isEqualTo("accountLimit");
        assertThat(limits.limitForThisIntegration()).isEqualTo(7);
    }

    private static void upsertCustomersConcurrently(NetSuiteClient client, int count, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                results.add(pool.submit(() -> client.upsert("customer", "CUST-" + n, customer("c" + n + "@example.com"), null)));
            }
            for (Future<String> r : results) {
                assertThat(r.get()).isNotBlank();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, Object> customer(String email) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("firstName", "Test");
        body.put("lastName", "Customer");
        body.put("subsidiary", Map.of("id", "1"));
        return body;
    }
}
