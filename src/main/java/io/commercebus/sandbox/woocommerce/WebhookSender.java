package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The store's webhooks, delivered as {@code WC_Webhook} does: the resource's full REST JSON as body,
 * the {@code X-WC-Webhook-*} headers, and {@code X-WC-Webhook-Signature} = base64 HMAC-SHA256 of the
 * exact body bytes keyed with the webhook's secret. Deliveries run in the background; 2xx, 301 and 302
 * count as delivered. Unlike WooCommerce, a failed delivery is retried after the configured delays
 * (none reproduces WooCommerce). Creating a webhook sends WooCommerce's unsigned ping.
 */
final class WebhookSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    static final String USER_AGENT = "WooCommerce/" + OrderBook.WC_VERSION + " Hookshot (WordPress/6.7.1)";
    static final Set<String> STATUSES = Set.of("active", "paused", "disabled");
    private static final Set<String> RESOURCES = Set.of("coupon", "customer", "order", "product");
    private static final Set<String> EVENTS = Set.of("created", "updated", "deleted", "restored");
    private static final Map<String, List<String>> TOPIC_HOOKS = Map.of(
            "order.created", List.of("woocommerce_new_order"),
            "order.updated", List.of("woocommerce_update_order", "woocommerce_order_refunded", "woocommerce_delete_order_refund"),
            "order.deleted", List.of("wp_trash_post", "woocommerce_trash_order", "woocommerce_delete_order"),
            "order.restored", List.of("untrashed_post"));
    private static final String SECRET_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /** A registered webhook and its delivery state. */
    record Hook(int id, String name, String status, String topic, String deliveryUrl, String secret, int failures,
                Instant created, Instant modified) {

        String resource() {
            return topic.substring(0, topic.indexOf('.'));
        }

        String event() {
            return topic.substring(topic.indexOf('.') + 1);
        }

        /** The WooCommerce actions the topic listens to; a custom {@code action.*} topic names its one. */
        List<String> hooks() {
            return resource().equals("action") ? List.of(event()) : TOPIC_HOOKS.getOrDefault(topic, List.of());
        }

        Hook with(String status, int failures, Instant modified) {
            return new Hook(id, name, status, topic, deliveryUrl, secret, failures, created, modified);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "woocommerce-sandbox-webhooks");
        t.setDaemon(true);
        return t;
    });
    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, Hook> hooks = new LinkedHashMap<>();
    private final Clock clock;
    private final Supplier<String> siteUrl;
    private final List<Duration> retryDelays;
    private final int maxFailures;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong pings = new AtomicLong();
    private int nextId = 1;

    WebhookSender(Clock clock, Supplier<String> siteUrl, List<Duration> retryDelays, int maxFailures) {
        this.clock = clock;
        this.siteUrl = siteUrl;
        this.retryDelays = retryDelays;
        this.maxFailures = maxFailures;
    }

    static boolean validTopic(String topic) {
        int dot = topic.indexOf('.');
        if (dot <= 0 || dot == topic.length() - 1) {
            return false;
        }
        String resource = topic.substring(0, dot);
        return resource.equals("action") || RESOURCES.contains(resource) && EVENTS.contains(topic.substring(dot + 1));
    }

    /** Registers an active webhook; without a secret it gets a random one, which the API never shows. */
    synchronized Hook create(String name, String topic, String deliveryUrl, String secret) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Hook hook = new Hook(nextId++, name, "active", topic, deliveryUrl,
                secret == null || secret.isEmpty() ? randomSecret() : secret, 0, now, now);
        hooks.put(hook.id(), hook);
        return hook;
    }

    /** Changes the given properties (null keeps one); reactivating a webhook forgets its failures. */
    synchronized Hook update(int id, String name, String status, String topic, String deliveryUrl, String secret) {
        Hook old = hooks.get(id);
        if (old == null) {
            return null;
        }
        String newStatus = status != null ? status : old.status();
        int failures = newStatus.equals("active") && !old.status().equals("active") ? 0 : old.failures();
        Hook hook = new Hook(id, name != null ? name : old.name(), newStatus, topic != null ? topic : old.topic(),
                deliveryUrl != null ? deliveryUrl : old.deliveryUrl(), secret != null ? secret : old.secret(), failures,
                old.created(), clock.instant().truncatedTo(ChronoUnit.SECONDS));
        hooks.put(id, hook);
        return hook;
    }

    synchronized Hook remove(int id) {
        return hooks.remove(id);
    }

    synchronized Hook find(int id) {
        return hooks.get(id);
    }

    synchronized List<Hook> hooks() {
        return new ArrayList<>(hooks.values());
    }

    /** Puts back a webhook from the state file, keeping its id, secret and failure count. */
    synchronized void restore(Hook hook) {
        hooks.put(hook.id(), hook);
        nextId = Math.max(nextId, hook.id() + 1);
    }

    long delivered() {
        return delivered.get();
    }

    long failedAttempts() {
        return failedAttempts.get();
    }

    long pings() {
        return pings.get();
    }

    /**
     * WC_Webhook::deliver_ping: an unsigned form post {@code webhook_id=<id>} without the
     * {@code X-WC-Webhook-*} headers, waited for (five seconds at most, WordPress's default); its
     * outcome neither fails the request that created the webhook nor counts as a delivery failure.
     */
    int ping(Hook hook) {
        pings.incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(URI.create(hook.deliveryUrl()))
                .timeout(Duration.ofSeconds(5))
                .header("User-Agent", USER_AGENT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("webhook_id=" + hook.id()))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            LOG.info("WooCommerce sandbox: the ping of webhook {} to {} failed ({})", hook.id(), hook.deliveryUrl(), e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }

    /** Sends the resource to every active webhook of the topic, e.g. {@code order.created}. */
    void publish(String topic, JsonNode resource) {
        byte[] body = PhpJson.write(resource).getBytes(StandardCharsets.UTF_8);
        for (Hook hook : hooks()) {
            if (hook.status().equals("active") && hook.topic().equals(topic)) {
                attempt(hook.id(), body, deliveryId(), 0);
            }
        }
    }

    private void attempt(int hookId, byte[] body, String deliveryId, int attempt) {
        Hook hook = find(hookId);
        if (hook == null || !hook.status().equals("active")) {
            return;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(hook.deliveryUrl()))
                .timeout(Duration.ofSeconds(60))
                .header("User-Agent", USER_AGENT)
                .header("Content-Type", "application/json")
                .header("X-WC-Webhook-Source", siteUrl.get() + "/")
                .header("X-WC-Webhook-Topic", hook.topic())
                .header("X-WC-Webhook-Resource", hook.resource())
                .header("X-WC-Webhook-Event", hook.event())
                .header("X-WC-Webhook-Signature", signature(body, hook.secret()))
                .header("X-WC-Webhook-ID", Integer.toString(hook.id()))
                .header("X-WC-Webhook-Delivery-ID", deliveryId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() >= 200 && response.statusCode() < 303) {
                delivered.incrementAndGet();
                succeeded(hookId);
                return;
            }
            failedAttempts.incrementAndGet();
            String outcome = error != null ? error.toString() : "HTTP " + response.statusCode();
            if (failed(hookId)) {
                LOG.warn("WooCommerce sandbox disabled webhook {} after repeated delivery failures ({})", hookId, outcome);
            } else if (attempt < retryDelays.size()) {
                retries.schedule(() -> attempt(hookId, body, deliveryId, attempt + 1), retryDelays.get(attempt).toMillis(),
                        TimeUnit.MILLISECONDS);
            } else {
                LOG.warn("WooCommerce sandbox gave up delivering to {} after {} attempts ({})", hook.deliveryUrl(),
                        attempt + 1, outcome);
            }
        });
    }

    /** The receiver's check: base64 of HMAC-SHA256 over the raw body bytes, keyed with the secret. */
    static String signature(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized void succeeded(int hookId) {
        Hook hook = hooks.get(hookId);
        if (hook != null && hook.failures() != 0) {
            hooks.put(hookId, hook.with(hook.status(), 0, hook.modified()));
        }
    }

    /**
     * WC_Webhook::failed_delivery: a failure while the count already exceeds the maximum disables the
     * webhook, so with WooCommerce's default of 5 the seventh consecutive failure does. True when disabled.
     */
    private synchronized boolean failed(int hookId) {
        Hook hook = hooks.get(hookId);
        if (hook == null) {
            return true;
        }
        boolean disable = hook.failures() > maxFailures;
        hooks.put(hookId, hook.with(disable ? "disabled" : hook.status(), disable ? hook.failures() : hook.failures() + 1,
                hook.modified()));
        return disable;
    }

    /** WooCommerce's delivery id is a 32-digit hex hash; the sandbox keeps it across a delivery's retries. */
    private String deliveryId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private String randomSecret() {
        StringBuilder secret = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            secret.append(SECRET_CHARS.charAt(random.nextInt(SECRET_CHARS.length())));
        }
        return secret.toString();
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }
}
