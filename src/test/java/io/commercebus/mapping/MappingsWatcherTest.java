package io.commercebus.mapping;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MappingsWatcherTest {

    @TempDir
    Path dir;

    @Test
    void anEditedLookupTableIsUsedByTheNextRecordAndABrokenEditKeepsThePreviousMappings() throws Exception {
        copy(Path.of("mappings"), dir);
        Mappings mappings = new Mappings(dir, id -> MappingsTest.store());
        try (MappingsWatcher watcher = new MappingsWatcher(dir, mappings)) {
            assertThat(shipMethod(mappings)).isEqualTo(Map.of("id", "102"));

            Path table = dir.resolve("bigcommerce/lookups/ship-method.csv");
            Files.writeString(table, Files.readString(table).replace("Flat Rate,102", "Flat Rate,777"));
            await().atMost(Duration.ofSeconds(10)).until(() -> shipMethod(mappings).equals(Map.of("id", "777")));

            Path mapping = dir.resolve("bigcommerce/order-to-sales-order.yaml");
            Files.writeString(mapping, Files.readString(mapping).replace("record: salesOrder", "record: [salesOrder"));
            await().atMost(Duration.ofSeconds(10)).until(() -> watcher.lastProblems() != null);
            assertThat(watcher.lastProblems()).contains("order-to-sales-order.yaml", "not valid YAML");
            assertThat(shipMethod(mappings)).isEqualTo(Map.of("id", "777"));
        }
    }

    private static Object shipMethod(Mappings mappings) throws IOException {
        return mappings.map(MappingsTest.MAPPING, MappingsTest.order(), "demo").getFields().get("shipMethod");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
