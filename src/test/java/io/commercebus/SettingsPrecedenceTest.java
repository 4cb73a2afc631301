package io.commercebus;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The external settings file wins over the profile's file, which wins over the shared one. */
class SettingsPrecedenceTest {

    @TempDir
    Path dir;

    @Test
    void theProfilesFileOverridesTheSharedOneAndTheExternalFileOverridesBoth() throws IOException {
        // application.properties says UTC, application-dev.properties the sandbox user's zone
        assertThat(resolve(null, "bus.netsuite.time-zone")).isEqualTo("America/Los_Angeles");

        Path external = dir.resolve("bus.properties");
        Files.writeString(external, "bus.netsuite.time-zone = Europe/Berlin\n");
        assertThat(resolve(external.toString(), "bus.netsuite.time-zone")).isEqualTo("Europe/Berlin");
        // keys the external file does not set still come from the profile's and the shared file
        assertThat(resolve(external.toString(), "bus.sandbox.enabled")).isEqualTo("true");
        assertThat(resolve(external.toString(), "bus.public-url")).isEqualTo("http://localhost:8080");
    }

    private static String resolve(String external, String key) throws IOException {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().setLocation(CommerceBus.locations("dev", external));
            return camel.resolvePropertyPlaceholders("{{" + key + "}}");
        }
    }
}
