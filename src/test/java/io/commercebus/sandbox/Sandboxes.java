package io.commercebus.sandbox;

import io.commercebus.connector.netsuite.NetSuiteClient;
import io.commercebus.connector.netsuite.TbaSigner;
import io.commercebus.governance.ConcurrencyGovernor;
import io.commercebus.sandbox.netsuite.NetSuiteSandbox;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/** Test helpers to stand up sandboxes and clients on free ports. */
public final class Sandboxes {

    public static final String ACCOUNT = "TSTDRV1234";
    public static final String CONSUMER_KEY = "test-consumer-key";
    public static final String CONSUMER_SECRET = "test-consumer-secret";
    public static final String TOKEN_ID = "test-token-id";
    public static final String TOKEN_SECRET = "test-token-secret";

    private Sandboxes() {
    }

    public static NetSuiteSandbox netsuite(int limit, Duration latency) {
        return new NetSuiteSandbox(new NetSuiteSandbox.Config("127.0.0.1", 0, ACCOUNT, CONSUMER_KEY, CONSUMER_SECRET,
                TOKEN_ID, TOKEN_SECRET, limit, latency, Duration.ofSeconds(5), null)).start();
    }

    public static NetSuiteClient client(NetSuiteSandbox sandbox, int limit, Duration timeout) {
        return client(sandbox, new ConcurrencyGovernor(ACCOUNT, limit, Duration.ofSeconds(30), Clock.systemUTC()), timeout,
                CONSUMER_SECRET);
    }

    public static NetSuiteClient client(NetSuiteSandbox sandbox, ConcurrencyGovernor governor, Duration timeout,
                                        String consumerSecret) {
        TbaSigner signer = new TbaSigner(ACCOUNT, CONSUMER_KEY, consumerSecret, TOKEN_ID, TOKEN_SECRET, Clock.systemUTC());
        return new NetSuiteClient(sandbox.baseUrl(), signer, governor,
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), timeout, Duration.ofSeconds(60),
                Clock.systemUTC());
    }
}
