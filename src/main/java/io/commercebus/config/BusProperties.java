package io.commercebus.config;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The bus's settings: Camel's properties (application.properties, the profile's file, the optional
 * file named by COMMERCE_BUS_CONFIG), overridden by environment variables named after the key
 * ({@code bus.netsuite.token-secret} ← {@code BUS_NETSUITE_TOKEN_SECRET}), so secrets and deployment
 * settings never need to be written into the repository ({@code BUS_NETSUITE_TOKEN_SECRET_FILE} names a file
 * holding it, see {@link io.commercebus.security.SecretFiles}).
 */
public final class BusProperties {

    private final PropertiesComponent properties;
    private final Map<String, String> environment;

    /** @param environment the environment variables, with secret files already read (see SecretFiles) */
    public BusProperties(CamelContext context, Map<String, String> environment) {
        this(context.getPropertiesComponent(), environment);
    }

    BusProperties(PropertiesComponent properties, Map<String, String> environment) {
        this.properties = properties;
        this.environment = environment;
    }

    /** The environment variable that overrides a key. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public Optional<String> get(String key) {
        String fromEnv = environment.get(environmentName(key));
        if (fromEnv != null) {
            return Optional.of(fromEnv);
        }
        return properties.resolveProperty(key).filter(v -> !v.isBlank());
    }

    public String string(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    public String required(String key) {
        return get(key).orElseThrow(() -> new IllegalStateException("Missing setting " + key + " (or environment variable "
                + environmentName(key) + ")"));
    }

    public long longValue(String key, long fallback) {
        return get(key).map(v -> parse(key, v, Long::parseLong)).orElse(fallback);
    }

    public int integer(String key, int fallback) {
        return get(key).map(v -> parse(key, v, Integer::parseInt)).orElse(fallback);
    }

    public boolean bool(String key, boolean fallback) {
        return get(key).map(v -> v.trim().equalsIgnoreCase("true")).orElse(fallback);
    }

    /** Durations as 500ms, 2s, 15m, 1h or ISO-8601 (PT2S). */
    public Duration duration(String key, Duration fallback) {
        return get(key).map(v -> parse(key, v, BusProperties::toDuration)).orElse(fallback);
    }

    /** Every key under a prefix (without it), with environment overrides for keys that exist. */
    public Map<String, String> under(String prefix) {
        Properties loaded = properties.loadProperties(k -> k.startsWith(prefix));
        Map<String, String> out = new TreeMap<>();
        for (String key : loaded.stringPropertyNames()) {
            out.put(key.substring(prefix.length()), get(key).orElse(""));
        }
        return out;
    }

    static Duration toDuration(String text) {
        String v = text.trim().toLowerCase(Locale.ROOT);
        if (v.startsWith("pt") || v.startsWith("p")) {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        }
        if (v.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
        }
        long n = Long.parseLong(v.substring(0, v.length() - 1).trim());
        return switch (v.charAt(v.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException("unknown unit");
        };
    }

    private interface Parser<T> {
        T parse(String text);
    }

    private static <T> T parse(String key, String value, Parser<T> parser) {
        try {
            return parser.parse(value.trim());
        } catch (RuntimeException e) {
            throw new IllegalStateException("Setting " + key + " has an invalid value '" + value + "'", e);
        }
    }
}
