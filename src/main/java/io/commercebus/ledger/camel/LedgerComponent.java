package io.commercebus.ledger.camel;

import io.commercebus.ledger.Ledger;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/**
 * The {@code ledger:} component. As a consumer, {@code ledger:<stage>} (fetch, map, deliver) hands
 * out the records waiting for that stage; as a producer, {@code ledger:<operation>} (announce,
 * fetched, mapped, delivered, dead) records what a route did with one.
 */
public class LedgerComponent extends DefaultComponent {

    private final Ledger ledger;

    public LedgerComponent(Ledger ledger) {
        this.ledger = ledger;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        LedgerEndpoint endpoint = new LedgerEndpoint(uri, this, remaining, ledger);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
