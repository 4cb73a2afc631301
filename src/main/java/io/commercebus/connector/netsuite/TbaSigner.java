package io.commercebus.connector.netsuite;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OAuth 1.0a token-based authentication for NetSuite REST web services: HMAC-SHA256 over the RFC
 * 5849 signature base string (method, URL without query, OAuth and query parameters; never the JSON
 * body), realm = the account id. The secrets live only in this object and never appear in its
 * output or in {@link #toString()}.
 */
public final class TbaSigner {

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String realm;
    private final String consumerKey;
    private final String consumerSecret;
    private final String tokenId;
    private final String tokenSecret;
    private final Clock clock;

    public TbaSigner(String realm, String consumerKey, String consumerSecret, String tokenId, String tokenSecret, Clock clock) {
        this.realm = realm;
        this.consumerKey = consumerKey;
        this.consumerSecret = consumerSecret;
        this.tokenId = tokenId;
        this.tokenSecret = tokenSecret;
        this.clock = clock;
    }

    /** The Authorization header value for a request. */
    public String authorization(String method, URI uri) {
        return authorization(method, uri, nonce(), Long.toString(clock.instant().getEpochSecond()));
    }

    String authorization(String method, URI uri, String nonce, String timestamp) {
        Map<String, String> oauth = new LinkedHashMap<>();
        oauth.put("oauth_consumer_key", consumerKey);
        oauth.put("oauth_token", tokenId);
        oauth.put("oauth_signature_method", "HMAC-SHA256");
        oauth.put("oauth_timestamp", timestamp);
        oauth.put("oauth_nonce", nonce);
        oauth.put("oauth_version", "1.0");
        String signature = sign("HmacSHA256", baseString(method, uri, oauth), consumerSecret, tokenSecret);
        StringBuilder header = new StringBuilder("OAuth realm=\"").append(realm).append('"');
        oauth.forEach((k, v) -> header.append(", ").append(k).append("=\"").append(percentEncode(v)).append('"'));
        header.append(", oauth_signature=\"").append(percentEncode(signature)).append('"');
        return header.toString();
    }

    /** RFC 5849 3.4.1: METHOD&encoded-base-URI&encoded-sorted-parameters (query and OAuth, not the realm). */
    public static String baseString(String method, URI uri, Map<String, String> oauthParameters) {
        List<String[]> params = new ArrayList<>();
        oauthParameters.forEach((k, v) -> params.add(new String[] {percentEncode(k), percentEncode(v)}));
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            for (String pair : uri.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String k = eq < 0 ? pair : pair.substring(0, eq);
                String v = eq < 0 ? "" : pair.substring(eq + 1);
                params.add(new String[] {percentEncode(decode(k)), percentEncode(decode(v))});
            }
        }
        params.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder normalized = new StringBuilder();
        for (String[] p : params) {
            if (normalized.length() > 0) {
                normalized.append('&');
            }
            normalized.append(p[0]).append('=').append(p[1]);
        }
        String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        String host = uri.getHost().toLowerCase(java.util.Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        String baseUri = scheme + "://" + host + (defaultPort ? "" : ":" + port) + uri.getRawPath();
        return method.toUpperCase(java.util.Locale.ROOT) + "&" + percentEncode(baseUri) + "&" + percentEncode(normalized.toString());
    }

    /** Base64 of HMAC(key = enc(consumerSecret)&enc(tokenSecret), baseString). */
    public static String sign(String algorithm, String baseString, String consumerSecret, String tokenSecret) {
        try {
            String key = percentEncode(consumerSecret) + "&" + percentEncode(tokenSecret);
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return Base64.getEncoder().encodeToString(mac.doFinal(baseString.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }

    /** RFC 3986 percent-encoding: only A-Z a-z 0-9 - . _ ~ stay as they are (java.net.URLEncoder differs). */
    public static String percentEncode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Percent-decoding of a URL component ('+' is a literal plus, as in RFC 3986). */
    public static String decode(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '%' && i + 2 < bytes.length) {
                out.write(Integer.parseInt(new String(bytes, i + 1, 2, StandardCharsets.US_ASCII), 16));
                i += 2;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String nonce() {
        StringBuilder sb = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            sb.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "TbaSigner[realm=" + realm + ", consumerKey=" + mask(consumerKey) + ", token=" + mask(tokenId) + "]";
    }

    private static String mask(String value) {
        return value == null || value.length() < 8 ? "****" : value.substring(0, 4) + "****";
    }
}
