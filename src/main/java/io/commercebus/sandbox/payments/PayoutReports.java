package io.commercebus.sandbox.payments;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commercebus.sandbox.SandboxState;
import io.commercebus.support.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A demo payment provider paying out the card payments of the demo stores, as Stripe does: every period,
 * per store and currency, one payout of the charges since the last payout less the provider's fee
 * (2.9 % + 0.30 a charge by default) and less the refunds it paid back, reported as an itemized payout
 * reconciliation CSV (Stripe's layout: one row per balance transaction with its gross, fee and net, the
 * order in {@code payment_metadata[order_id]}, and a {@code payout} row for the deposit itself) written
 * into the store's payout folder, where the bus reads it. Where each store's last payout ended is kept
 * in the sandbox state file, so a restart neither skips nor repeats a payment.
 */
public class PayoutReports implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PayoutReports.class);
    /** The report's columns, as Stripe names them in its itemized payout reconciliation report. */
    public static final List<String> COLUMNS = List.of("balance_transaction_id", "created_utc", "available_on_utc", "currency", "gross",
            "fee", "net", "reporting_category", "source_id", "description", "automatic_payout_id",
            "automatic_payout_effective_at", "payment_metadata[order_id]");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FILE = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** One store the provider pays out: where its payments come from, where its reports go. */
    public record Store(String id, CardPayments payments, Path folder) {
    }

    /** The provider's price per charge: a share of the amount and a fixed part. */
    public record Fee(BigDecimal rate, BigDecimal fixed) {

        BigDecimal of(BigDecimal gross) {
            return gross.multiply(rate).add(fixed).setScale(2, RoundingMode.HALF_UP);
        }
    }

    private final List<Store> stores;
    private final Fee fee;
    private final Clock clock;
    private final Path stateFile;
    private final Map<String, Instant> paidUntil = new LinkedHashMap<>();
    private ScheduledExecutorService timer;

    /** @param firstFrom where a store's first payout starts when the state file has none */
    public PayoutReports(List<Store> stores, Fee fee, Clock clock, Path stateFile, Instant firstFrom) {
        this.stores = stores;
        this.fee = fee;
        this.clock = clock;
        this.stateFile = stateFile;
        SandboxState.read(stateFile, "Payments").ifPresent(state -> state.path("paidUntil").fields()
                .forEachRemaining(e -> paidUntil.put(e.getKey(), Instant.parse(e.getValue().asText()))));
        stores.forEach(store -> paidUntil.putIfAbsent(store.id(), firstFrom));
    }

    /** Pays out every period from now on. */
    public synchronized void start(Duration period) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "payment-provider"));
        timer.scheduleAtFixedRate(() -> {
            try {
                payOut();
            } catch (RuntimeException e) {
                LOG.warn("Payment provider sandbox: payout failed, tried again next period: {}", e.getMessage());
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Pays out every store now: the reports written (none for a store with nothing to pay). */
    public synchronized List<Path> payOut() {
        Instant until = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        List<Path> written = new ArrayList<>();
        for (Store store : stores) {
            Instant from = paidUntil.get(store.id());
            Map<String, List<CardPayments.Payment>> byCurrency = new TreeMap<>();
            for (CardPayments.Payment payment : store.payments().between(from, until)) {
                byCurrency.computeIfAbsent(payment.currency().toUpperCase(Locale.ROOT), c -> new ArrayList<>()).add(payment);
            }
            byCurrency.forEach((currency, payments) -> written.add(write(store, currency, payments, from, until)));
            paidUntil.put(store.id(), until);
            saveState();
        }
        return written;
    }

    private Path write(Store store, String currency, List<CardPayments.Payment> payments, Instant from, Instant until) {
        String payoutId = "po_" + digest(store.id() + "/" + currency + "/" + from + "/" + until);
        String day = UTC.format(until);
        StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        BigDecimal deposit = BigDecimal.ZERO;
        for (CardPayments.Payment p : payments) {
            BigDecimal gross = p.amount().setScale(2, RoundingMode.HALF_UP);
            // a refund does not give the charge's fee back
            BigDecimal charged = p.refund() ? BigDecimal.ZERO.setScale(2) : fee.of(gross);
            BigDecimal net = gross.subtract(charged);
            deposit = deposit.add(net);
            row(csv, "txn_" + digest(p.id()), UTC.format(p.at()), currency, gross, charged, net, p.refund() ? "refund" : "charge",
                    p.id(), (p.refund() ? "Refund of order " : "Order ") + p.orderId(), payoutId, day, p.orderId());
        }
        row(csv, "txn_" + digest(payoutId), day, currency, deposit.negate(), BigDecimal.ZERO.setScale(2), deposit.negate(), "payout",
                payoutId, "STRIPE PAYOUT", payoutId, day, "");
        try {
            Files.createDirectories(store.folder());
            Path file = store.folder().resolve("payout-" + FILE.format(until) + "-" + currency.toLowerCase(Locale.ROOT) + ".csv");
            // written beside it first: the bus reads *.csv, never half a file
            Path part = file.resolveSibling(file.getFileName() + ".part");
            Files.writeString(part, csv, StandardCharsets.UTF_8);
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Payment provider sandbox: payout {} of {} {} to store {} ({} payment(s)) in {}", payoutId, deposit, currency,
                    store.id(), payments.size(), file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void row(StringBuilder csv, String id, String created, String currency, BigDecimal gross, BigDecimal fee,
                            BigDecimal net, String category, String source, String description, String payout, String day,
                            String order) {
        csv.append(String.join(",", id, created, day, currency.toLowerCase(Locale.ROOT), gross.toPlainString(),
                fee.toPlainString(), net.toPlainString(), category, source, description, payout, day, order)).append('\n');
    }

    private void saveState() {
        ObjectNode state = Json.mapper().createObjectNode();
        ObjectNode until = state.putObject("paidUntil");
        paidUntil.forEach((store, at) -> until.put(store, at.toString()));
        SandboxState.write(stateFile, state, "Payments");
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
