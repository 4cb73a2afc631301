package io.commercebus.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.commercebus.support.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Every mapping file under the mappings folder, loaded and checked at start-up. Layout:
 * <pre>
 * mappings/lookups/*.csv                          tables shared by all marketplaces
 * mappings/&lt;marketplace&gt;/lookups/*.csv            tables of one marketplace (override shared ones of the same name)
 * mappings/&lt;marketplace&gt;/*.yaml                   mappings, named &lt;marketplace&gt;/&lt;file name&gt;
 * mappings/stores/&lt;store&gt;/lookups/*.csv           one store's tables (override the others for that store)
 * mappings/stores/&lt;store&gt;/&lt;marketplace&gt;/*.yaml    one store's own version of a mapping
 * </pre>
 * Routes call {@link #map} or {@link #mapFirst}. {@link #reload} re-reads the folder and keeps the
 * current mappings if the new ones have problems.
 */
public class Mappings {

    private static final Logger LOG = LoggerFactory.getLogger(Mappings.class);
    private static final String STORES = "stores";
    private static final String LOOKUPS = "lookups";

    /** The loaded mappings: the shared ones, and per store that has overrides, its complete set. */
    record Catalog(Map<String, RecordMapping> shared, Map<String, Map<String, RecordMapping>> byStore) {
        RecordMapping get(String name, String store) {
            Map<String, RecordMapping> own = byStore.get(store);
            return own != null && own.containsKey(name) ? own.get(name) : shared.get(name);
        }
    }

    private final Path root;
    private final Function<String, Map<String, Object>> storeSettings;
    private final ObjectMapper json = Json.mapper();
    private volatile Catalog catalog;

    /**
     * @param root          the mappings folder
     * @param storeSettings a store id's settings, visible to expressions as $store
     * @throws MappingException listing every problem found
     */
    public Mappings(Path root, Function<String, Map<String, Object>> storeSettings) {
        this.root = root;
        this.storeSettings = storeSettings;
        this.catalog = loadAll(root);
        LOG.info("Loaded {} mapping(s) from {}: {}{}", catalog.shared().size(), root, catalog.shared().keySet(),
                catalog.byStore().isEmpty() ? "" : "; stores with their own: " + catalog.byStore().keySet());
    }

    /**
     * Maps a marketplace record (JSON) with the named mapping, for the given store.
     *
     * @param netsuiteId the NetSuite id the record was delivered as before, or null ($delivered)
     * @throws MappingFailure when the record cannot be mapped; the record is dead-lettered with its reason
     */
    public MappedRecord map(String mapping, String payload, String store, String netsuiteId) {
        Object record = parse(payload);
        return resolve(mapping, store).apply(record, storeSettings.apply(store), netsuiteId != null);
    }

    public MappedRecord map(String mapping, String payload, String store) {
        return map(mapping, payload, store, null);
    }

    /**
     * Maps with the first of the named mappings whose {@code when} holds, e.g. an Amazon order with
     * the Cash Sale mapping when Amazon fulfilled it and the Sales Order mapping otherwise.
     *
     * @param candidates mapping names, comma-separated, in order of preference
     */
    public MappedRecord mapFirst(String candidates, String payload, String store, String netsuiteId) {
        Object record = parse(payload);
        Map<String, Object> settings = storeSettings.apply(store);
        List<String> names = List.of(candidates.split("\\s*,\\s*"));
        for (String name : names) {
            RecordMapping mapping = resolve(name, store);
            if (mapping.appliesTo(record, settings, netsuiteId != null)) {
                return mapping.apply(record, settings, netsuiteId != null);
            }
        }
        throw MappingFailure.error("none of the mappings " + names + " applies to this record (see their 'when')");
    }

    public RecordMapping get(String mapping) {
        return catalog.shared().get(mapping);
    }

    public List<String> names() {
        return List.copyOf(catalog.shared().keySet());
    }

    /** Re-reads every file; on problems the current mappings stay and the problems are thrown. */
    public synchronized void reload() {
        Catalog fresh = loadAll(root);
        catalog = fresh;
        LOG.info("Reloaded {} mapping(s) from {}", fresh.shared().size(), root);
    }

    private RecordMapping resolve(String mapping, String store) {
        RecordMapping recordMapping = catalog.get(mapping, store);
        if (recordMapping == null) {
            throw new IllegalArgumentException("No mapping '" + mapping + "' in " + root + "; known: " + names());
        }
        return recordMapping;
    }

    private Object parse(String payload) {
        try {
            return json.readValue(payload, Object.class);
        } catch (JsonProcessingException e) {
            throw MappingFailure.error("the stored payload is not JSON: " + e.getOriginalMessage());
        }
    }

    static Catalog loadAll(Path root) {
        if (!Files.isDirectory(root)) {
            throw new MappingException(List.of(new MappingException.Problem(root.toString(), 0, 0, null,
                    "the mappings folder does not exist; set bus.mappings.dir")));
        }
        List<MappingException.Problem> problems = new ArrayList<>();
        Map<String, LookupTable> shared = loadTables(root, root.resolve(LOOKUPS), problems);
        Map<String, Map<String, LookupTable>> marketplaceTables = new TreeMap<>();
        Map<String, Path> files = new TreeMap<>();
        for (Path marketplaceDir : list(root)) {
            String marketplace = marketplaceDir.getFileName().toString();
            if (!Files.isDirectory(marketplaceDir) || marketplace.equals(LOOKUPS) || marketplace.equals(STORES)) {
                continue;
            }
            Map<String, LookupTable> tables = new LinkedHashMap<>(shared);
            tables.putAll(loadTables(root, marketplaceDir.resolve(LOOKUPS), problems));
            marketplaceTables.put(marketplace, tables);
            mappingFiles(marketplaceDir).forEach(file -> files.put(marketplace + "/" + baseName(file), file));
        }
        Map<String, RecordMapping> loaded = compile(root, files, marketplaceTables, Map.of(), problems);

        Map<String, Map<String, RecordMapping>> byStore = new TreeMap<>();
        Path storesDir = root.resolve(STORES);
        if (Files.isDirectory(storesDir)) {
            for (Path storeDir : list(storesDir)) {
                if (!Files.isDirectory(storeDir)) {
                    continue;
                }
                Map<String, LookupTable> storeTables = loadTables(root, storeDir.resolve(LOOKUPS), problems);
                Map<String, Path> storeFiles = new TreeMap<>(files);
                for (Path marketplaceDir : list(storeDir)) {
                    String marketplace = marketplaceDir.getFileName().toString();
                    if (Files.isDirectory(marketplaceDir) && !marketplace.equals(LOOKUPS)) {
                        marketplaceTables.putIfAbsent(marketplace, new LinkedHashMap<>(shared));
                        mappingFiles(marketplaceDir).forEach(file -> storeFiles.put(marketplace + "/" + baseName(file), file));
                    }
                }
                byStore.put(storeDir.getFileName().toString(), compile(root, storeFiles, marketplaceTables, storeTables, problems));
            }
        }
        if (!problems.isEmpty()) {
            throw new MappingException(problems);
        }
        return new Catalog(loaded, byStore);
    }

    /** Compiles mapping files, each with its marketplace's tables overlaid by a store's. */
    private static Map<String, RecordMapping> compile(Path root, Map<String, Path> files,
                                                      Map<String, Map<String, LookupTable>> marketplaceTables,
                                                      Map<String, LookupTable> storeTables,
                                                      List<MappingException.Problem> problems) {
        Map<String, RecordMapping> out = new TreeMap<>();
        files.forEach((name, file) -> {
            Map<String, LookupTable> tables = new LinkedHashMap<>(marketplaceTables.get(name.substring(0, name.indexOf('/'))));
            tables.putAll(storeTables);
            RecordMapping mapping = MappingLoader.load(name, display(root, file), read(file), tables, problems);
            if (mapping != null) {
                out.put(name, mapping);
            }
        });
        return out;
    }

    private static List<Path> mappingFiles(Path dir) {
        return list(dir).stream().filter(Files::isRegularFile)
                .filter(f -> f.getFileName().toString().endsWith(".yaml") || f.getFileName().toString().endsWith(".yml"))
                .toList();
    }

    private static String baseName(Path file) {
        String fileName = file.getFileName().toString();
        return fileName.substring(0, fileName.lastIndexOf('.'));
    }

    private static Map<String, LookupTable> loadTables(Path root, Path dir, List<MappingException.Problem> problems) {
        Map<String, LookupTable> tables = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return tables;
        }
        for (Path file : list(dir)) {
            if (file.getFileName().toString().endsWith(".csv")) {
                LookupTable table = LookupTable.load(file, display(root, file), problems);
                if (table != null) {
                    tables.put(table.name(), table);
                }
            }
        }
        return tables;
    }

    /** Paths in problems read as the user knows them: mappings/bigcommerce/… */
    private static String display(Path root, Path file) {
        Path name = root.toAbsolutePath().normalize().getFileName();
        return (name == null ? "" : name + "/") + root.relativize(file).toString().replace('\\', '/');
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
