package io.commercebus.connector.walmart;

/** Walmart refused a request (a 4xx other than throttling and authentication): its status and error body. */
public class WalmartRefusal extends IllegalStateException {

    private final int status;
    private final String body;

    WalmartRefusal(String request, int status, String body) {
        super("Walmart refused " + request + ": " + status + " " + body);
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }
}
