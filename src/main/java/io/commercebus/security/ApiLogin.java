package io.commercebus.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * The operators' login ({@code bus.security.user}, {@code bus.security.password}) for the REST API, the
 * pages and Hawtio. Both parts are compared as SHA-256 digests with {@link MessageDigest#isEqual}, so
 * the time an answer takes tells nothing about how much of a guess was right, nor its length.
 */
public final class ApiLogin {

    public static final String USER_SETTING = "bus.security.user";
    public static final String PASSWORD_SETTING = "bus.security.password";
    /** The realm browsers show when they ask for the login. */
    public static final String REALM = "commerce-bus";

    private final String user;
    private final byte[] userDigest;
    private final byte[] passwordDigest;

    public ApiLogin(String user, String password) {
        if (user == null || user.isBlank() || password == null || password.isEmpty()) {
            throw new IllegalArgumentException("a login needs a user and a password");
        }
        this.user = user;
        this.userDigest = digest(user);
        this.passwordDigest = digest(password);
    }

    public String user() {
        return user;
    }

    /** Whether the user and password are this login's; both are always compared. */
    public boolean accepts(String givenUser, String givenPassword) {
        boolean userMatches = MessageDigest.isEqual(userDigest, digest(givenUser == null ? "" : givenUser));
        boolean passwordMatches = MessageDigest.isEqual(passwordDigest, digest(givenPassword == null ? "" : givenPassword));
        return userMatches & passwordMatches;
    }

    /** Whether an {@code Authorization} header carries this login as HTTP Basic credentials. */
    public boolean acceptsBasic(String authorization) {
        if (authorization == null || authorization.length() < 6
                || !authorization.substring(0, 6).toLowerCase(Locale.ROOT).equals("basic ")) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        return colon >= 0 && accepts(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    /** The header a 401 carries so that browsers and clients ask for the login. */
    public static String challenge() {
        return "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"";
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "login of " + user;
    }
}
