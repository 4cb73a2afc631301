package io.commercebus.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop HTTP/1.1 load generator over loopback: a number of keep-alive connections, each on
 * its own thread sending its next request as soon as the previous one is answered, so the rate is
 * what the server sustains at that concurrency. Plain sockets rather than an HTTP client library, so
 * that the generator spends as little of the shared CPU as possible and holds exactly the connections
 * asked for. Requests of the warm-up are sent the same way and left out of the numbers.
 *
 * <p>Closed-loop latencies understate what clients arriving at a fixed rate would see while the
 * server stalls (a stalled connection sends nothing); the maximum shows such stalls.
 */
final class LoopbackLoad {

    /** One request; {@code key} names what it asks the server to keep (its record), reported back once acknowledged. */
    record Request(String path, Map<String, String> headers, byte[] body, String key) {
    }

    /** The request to send as the {@code n}-th of the run (counted from 0 over every connection, warm-up included). */
    interface Requests {
        Request next(long n);
    }

    /**
     * What a run measured: latencies and errors of the requests sent after the warm-up, and the keys of
     * every acknowledged (2xx) request, warm-up included.
     */
    record Outcome(Latencies latencies, long errors, double seconds, List<String> acknowledged, String firstError) {
        double requestsPerSecond() {
            return latencies.count() / seconds;
        }
    }

    private LoopbackLoad() {
    }

    static Outcome run(int port, int connections, Duration warmUp, Duration measure, Requests requests) throws InterruptedException {
        AtomicLong sequence = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long measureUntil = measureFrom + measure.toNanos();
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        List<Connection> workers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Connection c = new Connection(port, sequence, requests, measureFrom, measureUntil, acknowledged);
            workers.add(c);
            c.thread.start();
        }
        long lastAnswer = measureUntil;
        long errors = 0;
        String firstError = null;
        for (Connection c : workers) {
            c.thread.join();
            lastAnswer = Math.max(lastAnswer, c.lastAnswer);
            errors += c.errors;
            firstError = firstError == null ? c.firstError : firstError;
        }
        return new Outcome(Latencies.merge(workers.stream().map(c -> c.latencies).toList()), errors,
                (lastAnswer - measureFrom) / 1e9, new ArrayList<>(acknowledged), firstError);
    }

    /** One keep-alive connection and the thread driving it. */
    private static final class Connection implements Runnable {

        private final int port;
        private final AtomicLong sequence;
        private final Requests requests;
        private final long measureFrom;
        private final long measureUntil;
        private final ConcurrentLinkedQueue<String> acknowledged;
        private final Latencies latencies = new Latencies();
        private final Thread thread;
        private long errors;
        private long lastAnswer;
        private String firstError;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Connection(int port, AtomicLong sequence, Requests requests, long measureFrom, long measureUntil,
                   ConcurrentLinkedQueue<String> acknowledged) {
            this.port = port;
            this.sequence = sequence;
            this.requests = requests;
            this.measureFrom = measureFrom;
            this.measureUntil = measureUntil;
            this.acknowledged = acknowledged;
            this.thread = new Thread(this, "load-" + port + "-" + System.identityHashCode(this));
        }

        @Override
        public void run() {
            try {
                for (long sent = System.nanoTime(); sent < measureUntil; sent = System.nanoTime()) {
                    Request request = requests.next(sequence.getAndIncrement());
                    byte[] bytes = encode(request);
                    int status;
                    try {
                        status = exchange(bytes);
                    } catch (IOException e) {
                        status = -1;
                        firstError = firstError == null ? e.toString() : firstError;
                        close();
                    }
                    long answered = System.nanoTime();
                    if (status >= 200 && status < 300) {
                        acknowledged.add(request.key());
                    }
                    if (sent >= measureFrom) {
                        latencies.record(answered - sent);
                        lastAnswer = answered;
                        if (status < 200 || status >= 300) {
                            errors++;
                        }
                    }
                }
            } finally {
                close();
            }
        }

        private byte[] encode(Request r) {
            StringBuilder head = new StringBuilder(256).append("POST ").append(r.path()).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n")
                    .append("Content-Length: ").append(r.body().length).append("\r\n");
            r.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            byte[] h = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] all = new byte[h.length + r.body().length];
            System.arraycopy(h, 0, all, 0, h.length);
            System.arraycopy(r.body(), 0, all, h.length, r.body().length);
            return all;
        }

        /** Sends the request and reads the whole response; returns its status. */
        private int exchange(byte[] request) throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                socket.setSoTimeout(60_000);
                in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                out = socket.getOutputStream();
            }
            out.write(request);
            out.flush();
            String statusLine = line();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP response: '" + statusLine + "'");
            }
            int status = Integer.parseInt(parts[1]);
            long length = -1;
            boolean chunked = false;
            boolean closeAfter = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
                    case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                    default -> {
                    }
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0;
                     size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    skip(size);
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
            } else if (length >= 0) {
                skip(length);
            } else {
                closeAfter = true;
            }
            if (closeAfter) {
                close();
            }
            return status;
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed by the server mid-response");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

        private void skip(long n) throws IOException {
            for (long left = n; left > 0; ) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed by the server mid-body");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        private void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a broken connection
                }
                socket = null;
            }
        }
    }
}
