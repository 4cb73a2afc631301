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
 * mappings/lookups/*.csv                  tables shared by all marketplaces
 * mappings/&lt;marketplace&gt;/lookups/*.csv    tables of one marketplace (override shared ones of the same name)
 * mappings/&lt;marketplace&gt;/*.yaml           mappings, named &lt;marketplace&gt;/&lt;file name&gt;
 * </pre>
 * Routes call {@link #map}. {@link #reload} re-reads the folder and keeps the current mappings if the
 * new ones have problems.
 */
public class Mappings {

    private static final Logger LOG = LoggerFactory.getLogger(Mappings.class);

    private final Path root;
    private final Function<String, Map<String, Object>> storeSettings;
    private final ObjectMapper json = Json.mapper();
    private volatile Map<String, RecordMapping> mappings;

    /**
     * @param root          the mappings folder
     * @param storeSettings a store id's settings, visible to expressions as $store
     * @throws MappingException listing every problem found
     */
    public Mappings(Path root, Function<String, Map<String, Object>> storeSettings) {
        this.root = root;
        this.storeSettings = storeSettings;
        this.mappings = loadAll(root);
        LOG.info("Loaded {} mapping(s) from {}: {}", mappings.size(), root, mappings.keySet());
    }

    /**
     * Maps a marketplace record (JSON) with the named mapping, for the given store.
     *
     * @throws MappingFailure when the record cannot be mapped; the record is dead-lettered with its reason
     */
    public MappedRecord map(String mapping, String payload, String store) {
        RecordMapping recordMapping = mappings.get(mapping);
        if (recordMapping == null) {
            throw new IllegalArgumentException("No mapping '" + mapping + "' in " + root + "; known: " + mappings.keySet());
        }
        Object record;
        try {
            record = json.readValue(payload, Object.class);
        } catch (JsonProcessingException e) {
            throw MappingFailure.error("the stored payload is not JSON: " + e.getOriginalMessage());
        }
        return recordMapping.apply(record, storeSettings.apply(store));
    }

    public RecordMapping get(String mapping) {
        return mappings.get(mapping);
    }

    public List<String> names() {
        return List.copyOf(mappings.keySet());
    }

    /** Re-reads every file; on problems the current mappings stay and the problems are thrown. */
    public synchronized void reload() {
        Map<String, RecordMapping> fresh = loadAll(root);
        mappings = fresh;
        LOG.info("Reloaded {} mapping(s) from {}", fresh.size(), root);
    }

    static Map<String, RecordMapping> loadAll(Path root) {
        if (!Files.isDirectory(root)) {
            throw new MappingException(List.of(new MappingException.Problem(root.toString(), 0, 0, null,
                    "the mappings folder does not exist; set bus.mappings.dir")));
        }
        List<MappingException.Problem> problems = new ArrayList<>();
        Map<String, LookupTable> shared = loadTables(root, root.resolve("lookups"), problems);
        Map<String, RecordMapping> loaded = new TreeMap<>();
        for (Path marketplaceDir : list(root)) {
            if (!Files.isDirectory(marketplaceDir) || marketplaceDir.getFileName().toString().equals("lookups")) {
                continue;
            }
            String marketplace = marketplaceDir.getFileName().toString();
            Map<String, LookupTable> tables = new LinkedHashMap<>(shared);
            tables.putAll(loadTables(root, marketplaceDir.resolve("lookups"), problems));
            for (Path file : list(marketplaceDir)) {
                String fileName = file.getFileName().toString();
                if (!Files.isRegularFile(file) || !(fileName.endsWith(".yaml") || fileName.endsWith(".yml"))) {
                    continue;
                }
                String name = marketplace + "/" + fileName.substring(0, fileName.lastIndexOf('.'));
                RecordMapping mapping = MappingLoader.load(name, display(root, file), read(file), tables, problems);
                if (mapping != null) {
                    loaded.put(name, mapping);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new MappingException(problems);
        }
        return loaded;
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
