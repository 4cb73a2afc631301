package io.commercebus.security;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiLoginTest {

    private final ApiLogin login = new ApiLogin("admin", "pä55:word");

    @Test
    void acceptsOnlyTheUserAndPasswordTogether() {
        assertThat(login.accepts("admin", "pä55:word")).isTrue();
        assertThat(login.accepts("admin", "pä55:wor")).isFalse();
        assertThat(login.accepts("Admin", "pä55:word")).isFalse();
        assertThat(login.accepts(null, null)).isFalse();
    }

    @Test
    void readsHttpBasicCredentialsWithAColonInThePassword() {
        assertThat(login.acceptsBasic(basic("admin:pä55:word"))).isTrue();
        assertThat(login.acceptsBasic("basic " + basic("admin:pä55:word").substring(6))).isTrue();
        assertThat(login.acceptsBasic(basic("admin"))).isFalse();
        assertThat(login.acceptsBasic("Basic ***")).isFalse();
        assertThat(login.acceptsBasic("Digest x")).isFalse();
        assertThat(login.acceptsBasic(null)).isFalse();
    }

    @Test
    void needsAUserAndAPassword() {
        assertThatThrownBy(() -> new ApiLogin("admin", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ApiLogin(" ", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    private static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }
}
