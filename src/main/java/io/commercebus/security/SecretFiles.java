package io.commercebus.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Settings from files, as Docker and Kubernetes mount secrets: an environment variable
 * {@code <NAME>_FILE} names a file whose content is the value of {@code <NAME>}
 * ({@code BUS_NETSUITE_TOKEN_SECRET_FILE=/run/secrets/ns_token_secret} sets
 * {@code bus.netsuite.token-secret}). Every such file is read once, at start-up; a trailing newline is
 * not part of the value. A file that cannot be read, or a setting given both ways, stops the start.
 */
public final class SecretFiles {

    public static final String SUFFIX = "_FILE";
    /** Only the bus's own variables: others (of the JVM, the shell, the platform) are none of its business. */
    private static final String PREFIX = "BUS_";

    private SecretFiles() {
    }

    /** The environment with each {@code BUS_<NAME>_FILE} replaced by {@code BUS_<NAME>} and the file's content. */
    public static Map<String, String> resolve(Map<String, String> environment) {
        Map<String, String> resolved = new HashMap<>(environment);
        for (Map.Entry<String, String> e : environment.entrySet()) {
            String variable = e.getKey();
            if (!variable.startsWith(PREFIX) || !variable.endsWith(SUFFIX) || variable.length() == PREFIX.length() + SUFFIX.length()) {
                continue;
            }
            String name = variable.substring(0, variable.length() - SUFFIX.length());
            if (environment.containsKey(name)) {
                throw new IllegalStateException("Both " + name + " and " + variable + " are set: set one of them"
                        + " (" + variable + " names a file holding the value)");
            }
            resolved.remove(variable);
            resolved.put(name, read(variable, e.getValue()));
        }
        return resolved;
    }

    private static String read(String variable, String file) {
        if (file == null || file.isBlank()) {
            throw new IllegalStateException("Environment variable " + variable + " is empty: set it to the path of the"
                    + " file holding the value, or unset it");
        }
        Path path = Path.of(file.trim());
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the file " + path + " named by environment variable " + variable
                    + " (" + e.getClass().getSimpleName() + "): mount the secret there or correct the variable", e);
        }
        // files written by echo or an editor end with a newline that is not part of the secret
        if (content.endsWith("\r\n")) {
            return content.substring(0, content.length() - 2);
        }
        return content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
    }
}
