package io.commercebus.sandbox.woocommerce;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A webhook destination for the tests: records each request's headers and raw body and answers a chosen status. */
final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived. */
    record Delivery(String path, Headers headers, byte[] body) {

        String header(String name) {
            return headers.getFirst(name);
        }

        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    final AtomicInteger status = new AtomicInteger(200);
    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private final HttpServer server;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            // the answer is chosen before the test can see the request, so a test may change it for the next one
            int answer = status.get();
            try (InputStream in = exchange.getRequestBody()) {
                deliveries.add(new Delivery(exchange.getRequestURI().getPath(), exchange.getRequestHeaders(), in.readAllBytes()));
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next request, waiting up to five seconds. */
    Delivery next() throws InterruptedException {
        Delivery delivery = deliveries.poll(5, TimeUnit.SECONDS);
        if (delivery == null) {
            throw new AssertionError("no webhook request within 5 s");
        }
        return delivery;
    }

    /** The next request if one comes within the given time, else null. */
    Delivery poll(long millis) throws InterruptedException {
        return deliveries.poll(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
