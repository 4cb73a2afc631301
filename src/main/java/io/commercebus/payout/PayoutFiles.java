package io.commercebus.payout;

import io.commercebus.config.StoreSettings;
import io.commercebus.ledger.camel.LedgerHeaders;
import io.commercebus.support.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Payout reports a payment provider leaves in a folder, for stores whose marketplace has no payout API
 * of its own (BigCommerce and WooCommerce stores paid out by their gateway): every store with
 * {@code bus.store.<id>.payouts.dir} has its {@code *.csv} files read as {@link ProviderPayoutReport}s.
 * A file's payouts are staged in the ledger before the file moves to {@code processed/}, so a crash in
 * between reads it again and stages nothing twice; a file that cannot be read moves to {@code failed/}
 * with a {@code .error} note beside it saying why, and nothing of it is staged.
 */
public class PayoutFiles {

    private static final Logger LOG = LoggerFactory.getLogger(PayoutFiles.class);

    private final StoreSettings stores;

    public PayoutFiles(StoreSettings stores) {
        this.stores = stores;
    }

    /** The stores that read payout files, and their folders. */
    public Map<String, Path> folders() {
        Map<String, Path> out = new LinkedHashMap<>();
        for (String store : stores.ids()) {
            String dir = stores.get(store, "payouts.dir");
            if (dir != null && !dir.isBlank()) {
                out.put(store, Path.of(dir));
            }
        }
        return out;
    }

    /**
     * Every waiting file of every store, as a map the route works from: {@code file}, the store
     * ({@code CommerceBusStore}, {@code CommerceBusMarketplace}) and its {@code payouts}, each with its id
     * ({@code CommerceBusExternalId}) and {@code payload}. Unreadable files are set aside.
     */
    public List<Map<String, Object>> waiting() {
        List<Map<String, Object>> out = new ArrayList<>();
        folders().forEach((store, dir) -> {
            for (Path file : csvFiles(dir)) {
                try {
                    List<Map<String, Object>> payouts = new ArrayList<>();
                    for (Payout payout : ProviderPayoutReport.parse(Files.readString(file, StandardCharsets.UTF_8),
                            stores.get(store, "payouts.order-column"))) {
                        payouts.add(Map.of(LedgerHeaders.EXTERNAL_ID, payout.id(), "payload",
                                Json.mapper().writeValueAsString(payout)));
                    }
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("file", file.toString());
                    item.put(LedgerHeaders.STORE, store);
                    item.put(LedgerHeaders.MARKETPLACE, stores.required(store, "marketplace"));
                    item.put("payouts", payouts);
                    out.add(item);
                } catch (IllegalArgumentException e) {
                    setAside(file, e.getMessage());
                } catch (IOException e) {
                    LOG.warn("Store {}: cannot read payout report {} ({}); trying again at the next scan", store, file, e.toString());
                }
            }
        });
        return out;
    }

    /** Every payout of the file is staged: it moves to processed/. */
    public void done(String file) {
        move(Path.of(file), "processed");
    }

    private void setAside(Path file, String problem) {
        LOG.error("Payout report {} cannot be read: {}. It is moved to failed/ with a .error note; fix it and put it back.",
                file, problem);
        Path moved = move(file, "failed");
        try {
            Files.writeString(moved.resolveSibling(moved.getFileName() + ".error"), problem + System.lineSeparator(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path move(Path file, String folder) {
        try {
            Path target = file.resolveSibling(folder).resolve(file.getFileName());
            Files.createDirectories(target.getParent());
            return Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> csvFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
