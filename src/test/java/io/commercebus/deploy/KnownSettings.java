package io.commercebus.deploy;

import io.commercebus.config.BusProperties;
import io.commercebus.events.KafkaClientSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables the bus reads, found in its own sources: every {@code bus.*} key its properties
 * files set or document, its Java code asks for by name and its routes use as {@code {{placeholders}}}, each as
 * {@code BUS_X_Y} and as {@code BUS_X_Y_FILE} (a secret in a file); the {@code COMMERCE_BUS_*} variables it
 * reads itself; and {@code BUS_STORE_<ID>_<SETTING>} for every store key the mounted settings file declares
 * (the environment fills a store's keys, it does not invent them).
 */
final class KnownSettings {

    private static final Pattern PROPERTIES_KEY = Pattern.compile("^\\s*#?\\s*(bus\\.[A-Za-z0-9][A-Za-z0-9.-]*[A-Za-z0-9])\\s*(=|\\(|$)");
    private static final Pattern JAVA_KEY = Pattern.compile("\"(bus\\.[a-z0-9][a-z0-9.-]*[a-z0-9])\"");
    private static final Pattern JAVA_ENV = Pattern.compile("(?:getenv\\((?:\\)\\.getOrDefault\\()?|env\\.get(?:OrDefault)?\\()\"([A-Z0-9_]+)\"");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(bus\\.[a-z0-9.-]+)");
    private static final String SECRET_FILE = "_FILE";

    private final Set<String> keys = new TreeSet<>();
    private final Set<String> variables = new TreeSet<>();

    /** @param root the repository; {@code storeSettings} the properties file mounted as COMMERCE_BUS_CONFIG, or null */
    KnownSettings(Path root, Path storeSettings) {
        try (Stream<Path> files = Files.list(root.resolve("src/main/resources"))) {
            files.filter(f -> f.getFileName().toString().matches("application.*\\.properties"))
                    .forEach(f -> collect(f, PROPERTIES_KEY));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Stream<Path> files = Files.walk(root.resolve("src/main/java"))) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                collect(f, JAVA_KEY);
                Matcher env = JAVA_ENV.matcher(read(f));
                while (env.find()) {
                    variables.add(env.group(1));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Stream<Path> files = Files.list(root.resolve("routes"))) {
            files.filter(f -> f.toString().endsWith(".yaml")).forEach(f -> collect(f, PLACEHOLDER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KafkaClientSettings.SECURITY.forEach(name -> keys.add(KafkaClientSettings.PREFIX + name));
        if (storeSettings != null) {
            // only the stores' keys: other keys of that file must be known already
            read(storeSettings).lines().map(PROPERTIES_KEY::matcher).filter(Matcher::find).map(m -> m.group(1))
                    .filter(key -> key.startsWith("bus.store.") || key.startsWith("bus.store-defaults.")).forEach(keys::add);
        }
        keys.forEach(key -> variables.add(BusProperties.environmentName(key)));
    }

    Set<String> keys() {
        return keys;
    }

    /** Whether the bus reads the variable: a known name, or a known BUS_ name with _FILE (the value in a file). */
    boolean reads(String variable) {
        return variables.contains(variable) || variable.startsWith("BUS_") && variable.endsWith(SECRET_FILE)
                && variables.contains(variable.substring(0, variable.length() - SECRET_FILE.length()));
    }

    private void collect(Path file, Pattern pattern) {
        read(file).lines().forEach(line -> {
            Matcher m = pattern.matcher(line);
            while (m.find()) {
                keys.add(m.group(1));
            }
        });
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
