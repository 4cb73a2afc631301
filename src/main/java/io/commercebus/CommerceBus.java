package io.commercebus;

import io.commercebus.config.BusConfiguration;
import io.commercebus.security.GuardedHttpServerFactory;
import io.commercebus.security.SecretFiles;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Properties;

/**
 * Starts commerce-bus: Camel main with the routes of {@code routes/}, built from the settings of
 * {@code application.properties}, the profile's file ({@code application-dev.properties} by default,
 * {@code application-prod.properties} with COMMERCE_BUS_PROFILE=prod), the optional file named by
 * COMMERCE_BUS_CONFIG, and environment variables ({@code BUS_X_Y} for {@code bus.x.y}, or {@code BUS_X_Y_FILE}
 * naming a file that holds the value).
 */
public final class CommerceBus implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommerceBus.class);

    private final Main main;

    private CommerceBus(Main main) {
        this.main = main;
    }

    /** Starts the bus and returns once its routes run; settings in {@code overrides} win over every file. */
    public static CommerceBus start(Map<String, String> overrides) {
        return start(overrides, System.getenv());
    }

    /** Starts the bus with {@code environment} in place of the process's environment variables. */
    public static CommerceBus start(Map<String, String> overrides, Map<String, String> environment) {
        Main main = create(overrides, environment);
        main.start();
        if (main.getCamelContext() == null || !main.getCamelContext().isStarted()) {
            main.stop();
            throw new IllegalStateException("commerce-bus did not start; see the log above");
        }
        return new CommerceBus(main);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public <T> T bean(String name, Class<T> type) {
        T bean = context().getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalArgumentException("No bean " + name + " of type " + type.getSimpleName());
        }
        return bean;
    }

    @Override
    public void close() {
        main.stop();
    }

    public static void main(String[] args) {
        run(Map.of(), args);
    }

    /** Runs until stopped (Ctrl-C, SIGTERM), then exits the JVM; settings in {@code overrides} win over every file. */
    public static void run(Map<String, String> overrides, String[] args) {
        Main main;
        try {
            main = create(overrides, System.getenv());
        } catch (IllegalStateException e) {
            // a setting that cannot be read (a secret file missing): say which, without a stack trace
            LOG.error("commerce-bus cannot start: {}", e.getMessage());
            System.exit(1);
            return;
        }
        try {
            main.run(args);
        } catch (Exception e) {
            LOG.error("commerce-bus stopped: {}", e.getMessage(), e);
            System.exit(1);
        }
        // the embedded broker and servers are stopped by now; a failed start must not leave the JVM running
        System.exit(main.getExitCode());
    }

    /**
     * Where settings come from, the first location that has a key winning: the external file, the
     * profile's file, the shared file (environment variables and overrides come before all three).
     */
    static String locations(String profile, String external) {
        return (external == null ? "" : "file:" + external + ",") + "classpath:application-" + profile + ".properties,"
                + "classpath:application.properties";
    }

    private static Main create(Map<String, String> overrides, Map<String, String> environment) {
        // secrets mounted as files (BUS_X_FILE) are read now: a missing one stops the start before anything runs
        Map<String, String> env = SecretFiles.resolve(environment);
        String profile = overrides.getOrDefault("bus.profile", System.getProperty("bus.profile",
                env.getOrDefault("COMMERCE_BUS_PROFILE", "dev")));
        String external = env.get("COMMERCE_BUS_CONFIG");
        Main main = new Main();
        main.setPropertyPlaceholderLocations(locations(profile, external));
        main.configure().addConfiguration(new BusConfiguration(env));
        // Camel main builds its HTTP server (camel.server.*) with the factory it finds here: the bus's guard first
        main.bind("guardedHttpServerFactory", new GuardedHttpServerFactory());
        // Camel masks settings it logs by the last key segment without dashes (password, secret, token...); it does not know these
        main.configure().setAdditionalSensitiveKeywords("tokensecret,tokenid,webhooksecret");
        Properties override = new Properties();
        override.put("bus.profile", profile);
        override.putAll(overrides);
        main.setOverrideProperties(override);
        LOG.info("Starting commerce-bus, profile {}{}", profile, external == null ? "" : ", settings from " + external);
        return main;
    }
}
