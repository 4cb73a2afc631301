package io.commercebus.connector.marketplace;

/**
 * Client-side pacing for an API whose quota is a token bucket (a rate per second and a burst), such
 * as Amazon's usage plans: callers take a token before each request and wait when the bucket is
 * empty, so the marketplace rarely has to answer 429. The rate can follow what the API reports.
 */
public final class TokenBucket {

    private double ratePerSecond;
    private final double burst;
    private double tokens;
    private long lastRefillNanos;

    public TokenBucket(double ratePerSecond, double burst) {
        if (ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a token bucket needs a positive rate and a burst of at least 1");
        }
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.tokens = burst;
        this.lastRefillNanos = System.nanoTime();
    }

    /** Blocks until a token is available and takes it. */
    public void take() throws InterruptedException {
        while (true) {
            long waitMillis;
            synchronized (this) {
                refill();
                if (tokens >= 1) {
                    tokens -= 1;
                    return;
                }
                waitMillis = (long) Math.ceil((1 - tokens) / ratePerSecond * 1000);
            }
            Thread.sleep(Math.max(1, Math.min(waitMillis, 5_000)));
        }
    }

    /** The API refused a request for quota: the bucket is empty, whatever this client counted. */
    public synchronized void emptied() {
        refill();
        tokens = Math.min(tokens, 0);
    }

    /** Follows the rate the API reports (e.g. {@code x-amzn-RateLimit-Limit}). */
    public synchronized void rate(double reported) {
        if (reported > 0) {
            refill();
            ratePerSecond = reported;
        }
    }

    public synchronized double rate() {
        return ratePerSecond;
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - lastRefillNanos) / 1e9 * ratePerSecond);
        lastRefillNanos = now;
    }
}
