package io.commercebus.mapping;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reloads the mappings when a file under the mappings folder changes, as Camel reloads the routes:
 * an integration engineer edits a mapping or a lookup table and the next record uses it. An edit
 * with problems leaves the previous mappings in place and logs the problems with file and line.
 */
public final class MappingsWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MappingsWatcher.class);
    /** Editors write a file in several steps; wait for them to finish. */
    private static final long SETTLE_MILLIS = 300;

    private final Path root;
    private final Mappings mappings;
    private final WatchService watcher;
    private final Thread thread;
    private volatile String lastProblems;

    public MappingsWatcher(Path root, Mappings mappings) {
        this.root = root;
        this.mappings = mappings;
        try {
            this.watcher = FileSystems.getDefault().newWatchService();
            try (Stream<Path> dirs = Files.walk(root)) {
                for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                    register(dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot watch " + root, e);
        }
        this.thread = new Thread(this::watch, "mappings-watcher");
        this.thread.setDaemon(true);
        this.thread.start();
        LOG.info("Mappings reload when files under {} change", root);
    }

    /** The problems of the last edit that could not be loaded, or null. */
    public String lastProblems() {
        return lastProblems;
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                registerNewDirectories(key);
                key.reset();
                // take everything the editor is still writing before reloading once
                for (WatchKey more; (more = watcher.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) != null; ) {
                    registerNewDirectories(more);
                    more.reset();
                }
                reload();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reload() {
        try {
            mappings.reload();
            lastProblems = null;
        } catch (MappingException e) {
            lastProblems = e.getMessage();
            LOG.error("Mapping files changed but cannot be loaded; the previous mappings stay in use. {}", e.getMessage());
        } catch (RuntimeException e) {
            lastProblems = e.toString();
            LOG.error("Reloading the mappings failed; the previous mappings stay in use", e);
        }
    }

    private void registerNewDirectories(WatchKey key) {
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.context() instanceof Path name && Files.isDirectory(dir.resolve(name))) {
                try {
                    register(dir.resolve(name));
                } catch (IOException e) {
                    LOG.warn("Cannot watch new folder {}: {}", dir.resolve(name), e.getMessage());
                }
            }
        }
    }

    private void register(Path dir) throws IOException {
        dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
    }

    @Override
    public void close() throws IOException {
        watcher.close();
        thread.interrupt();
    }
}
