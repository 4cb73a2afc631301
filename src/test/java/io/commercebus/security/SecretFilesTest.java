package io.commercebus.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BUS_<NAME>_FILE: a setting read from the file a secret is mounted as. */
class SecretFilesTest {

    @TempDir
    Path dir;

    @Test
    void aFileVariableBecomesTheSettingsVariableWithoutItsTrailingNewline() throws IOException {
        Path secret = Files.writeString(dir.resolve("ns_token_secret"), "s3cr3t with spaces \n");
        Path windows = Files.writeString(dir.resolve("db_password"), "pa55\r\n");
        Path exact = Files.writeString(dir.resolve("exact"), "two\nlines");

        Map<String, String> env = SecretFiles.resolve(Map.of("BUS_NETSUITE_TOKEN_SECRET_FILE", secret.toString(),
                "BUS_DB_PASSWORD_FILE", windows.toString(), "BUS_OTHER_FILE", exact.toString(), "PATH", "/usr/bin",
                "JAVA_OPTS_FILE", "/nowhere"));

        assertThat(env).containsEntry("BUS_NETSUITE_TOKEN_SECRET", "s3cr3t with spaces ")
                .containsEntry("BUS_DB_PASSWORD", "pa55")
                .containsEntry("BUS_OTHER", "two\nlines")
                .containsEntry("PATH", "/usr/bin")
                .doesNotContainKeys("BUS_NETSUITE_TOKEN_SECRET_FILE", "BUS_DB_PASSWORD_FILE");
        // not the bus's variable: left alone, never read
        assertThat(env).containsEntry("JAVA_OPTS_FILE", "/nowhere");
    }

    @Test
    void aMissingFileStopsTheStartNamingTheVariableAndThePath() {
        Path missing = dir.resolve("not-mounted");

        assertThatThrownBy(() -> SecretFiles.resolve(Map.of("BUS_SECURITY_PASSWORD_FILE", missing.toString())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("BUS_SECURITY_PASSWORD_FILE")
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("mount the secret");
    }

    @Test
    void aDirectoryOrAnEmptyVariableIsRefusedToo() {
        assertThatThrownBy(() -> SecretFiles.resolve(Map.of("BUS_DB_PASSWORD_FILE", dir.toString())))
                .hasMessageContaining("BUS_DB_PASSWORD_FILE").hasMessageContaining(dir.toString());
        assertThatThrownBy(() -> SecretFiles.resolve(Map.of("BUS_DB_PASSWORD_FILE", " ")))
                .hasMessageContaining("BUS_DB_PASSWORD_FILE is empty");
    }

    @Test
    void aSettingGivenBothWaysIsRefused() throws IOException {
        Path secret = Files.writeString(dir.resolve("pw"), "one");

        assertThatThrownBy(() -> SecretFiles.resolve(Map.of("BUS_DB_PASSWORD", "two", "BUS_DB_PASSWORD_FILE", secret.toString())))
                .hasMessageContaining("Both BUS_DB_PASSWORD and BUS_DB_PASSWORD_FILE are set");
    }
}
