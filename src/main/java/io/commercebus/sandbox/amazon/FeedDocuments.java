package io.commercebus.sandbox.amazon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Feed documents, as the Feeds API keeps them in S3: a document is created with its content type,
 * uploaded by a PUT to a presigned URL, and read by a GET from another. A presigned URL is valid for
 * five minutes and for its one method; an upload must send the content type the document was created
 * with, since S3 signs it. The sandbox serves both URLs itself, under {@code /feed-documents/}. The
 * Reports API keeps its documents the same way, downloads only, under {@code /report-documents/}.
 */
final class FeedDocuments {

    /** How long a presigned URL lasts (Feeds API: "This URL expires after 5 minutes"). */
    static final Duration URL_LIFETIME = Duration.ofMinutes(5);
    static final String PATH = "/feed-documents/";
    static final String REPORTS_PATH = "/report-documents/";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /**
     * A document. {@code content} is null until uploaded; {@code compression} is GZIP when the content
     * is stored compressed, as getFeedDocument then says.
     */
    record Document(String id, String contentType, Instant created, byte[] content, String compression) {

        boolean uploaded() {
            return content != null;
        }
    }

    /** Why a presigned request is refused, in S3's words: an HTTP status, an S3 error code and message. */
    record Refusal(int status, String code, String message) {
    }

    private final Map<String, Document> documents = new LinkedHashMap<>();
    private final Clock clock;
    private final byte[] signingKey;
    private final String path;
    private final String idPrefix;
    private final SecureRandom random = new SecureRandom();

    /** {@code secret} keys the URL signatures, so URLs stay valid across a restart, as at Amazon. */
    FeedDocuments(Clock clock, String secret) {
        this(clock, secret, PATH, "amzn1.tortuga.4.na.");
    }

    /** Documents served under {@code path} whose ids start with {@code idPrefix}, e.g. report documents. */
    FeedDocuments(Clock clock, String secret, String path, String idPrefix) {
        this.clock = clock;
        this.signingKey = (path + "&" + secret).getBytes(StandardCharsets.UTF_8);
        this.path = path;
        this.idPrefix = idPrefix;
    }

    /** A new, empty document to be uploaded (createFeedDocument). */
    synchronized Document create(String contentType) {
        Document document = new Document(newId(), contentType, clock.instant(), null, null);
        documents.put(document.id(), document);
        return document;
    }

    /** A document the sandbox writes itself: a processing report. */
    synchronized Document createResult(byte[] content, String contentType, String compression) {
        Document document = new Document(newId(), contentType, clock.instant(), content, compression);
        documents.put(document.id(), document);
        return document;
    }

    synchronized Optional<Document> get(String id) {
        return Optional.ofNullable(documents.get(id));
    }

    synchronized void upload(String id, byte[] content) {
        Document document = documents.get(id);
        documents.put(id, new Document(id, document.contentType(), document.created(), content, null));
    }

    synchronized int size() {
        return documents.size();
    }

    /** Forgets the documents created before this instant. */
    synchronized void prune(Instant horizon) {
        documents.values().removeIf(document -> document.created().isBefore(horizon));
    }

    // ---------------------------------------------------------------- presigned URLs

    /** The URL to PUT a document's content to. */
    String uploadUrl(URI base, String id) {
        return presign(base, "PUT", id, null);
    }

    /**
     * The URL to GET a document's content from; {@code contentEncoding} (gzip) makes the download
     * answer with that Content-Encoding, as S3's {@code response-content-encoding} does.
     */
    String downloadUrl(URI base, String id, String contentEncoding) {
        return presign(base, "GET", id, contentEncoding);
    }

    /** Checks a presigned request: its signature (which covers method, document, date and lifetime) and its expiry. */
    Optional<Refusal> verify(String method, String id, Map<String, String> query) {
        String date = query.get("X-Amz-Date");
        String expires = query.get("X-Amz-Expires");
        String signature = query.get("X-Amz-Signature");
        if (date == null || expires == null || signature == null) {
            return Optional.of(new Refusal(403, "AccessDenied", "Query-string authentication requires the X-Amz-Date, "
                    + "X-Amz-Expires and X-Amz-Signature parameters"));
        }
        String expected = sign(method, id, date, expires, query.get("response-content-encoding"));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of(new Refusal(403, "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided."));
        }
        try {
            Instant expiry = AMZ_DATE.parse(date, Instant::from).plusSeconds(Long.parseLong(expires));
            if (clock.instant().isAfter(expiry)) {
                return Optional.of(new Refusal(403, "AccessDenied", "Request has expired"));
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.of(new Refusal(403, "AccessDenied", "Invalid date or expiry"));
        }
        return Optional.empty();
    }

    private String presign(URI base, String method, String id, String contentEncoding) {
        String date = AMZ_DATE.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        String expires = Long.toString(URL_LIFETIME.toSeconds());
        StringBuilder url = new StringBuilder(base.resolve(path + encode(id)).toString());
        url.append("?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=").append(date).append("&X-Amz-Expires=").append(expires)
                .append("&X-Amz-SignedHeaders=").append(encode(method.equals("PUT") ? "content-type;host" : "host"));
        if (contentEncoding != null) {
            url.append("&response-content-encoding=").append(encode(contentEncoding));
        }
        url.append("&X-Amz-Signature=").append(sign(method, id, date, expires, contentEncoding));
        return url.toString();
    }

    private String sign(String method, String id, String date, String expires, String contentEncoding) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            String canonical = method + "\n" + id + "\n" + date + "\n" + expires + "\n" + (contentEncoding == null ? "" : contentEncoding);
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- state

    synchronized ArrayNode snapshot() {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (Document document : documents.values()) {
            ObjectNode node = list.addObject().put("id", document.id()).put("contentType", document.contentType())
                    .put("created", document.created().toString());
            if (document.content() != null) {
                node.put("content", Base64.getEncoder().encodeToString(document.content()));
            }
            if (document.compression() != null) {
                node.put("compression", document.compression());
            }
        }
        return list;
    }

    synchronized void restore(JsonNode snapshot) {
        documents.clear();
        for (JsonNode node : snapshot) {
            documents.put(node.get("id").asText(), new Document(node.get("id").asText(), node.get("contentType").asText(),
                    Instant.parse(node.get("created").asText()),
                    node.has("content") ? Base64.getDecoder().decode(node.get("content").asText()) : null,
                    node.has("compression") ? node.get("compression").asText() : null));
        }
    }

    /** An identifier shaped like Amazon's (amzn1.tortuga.4.na.… for feeds); clients must not rely on its form. */
    private String newId() {
        StringBuilder suffix = new StringBuilder();
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        for (int i = 0; i < 14; i++) {
            suffix.append(chars.charAt(random.nextInt(chars.length())));
        }
        return idPrefix + UUID.randomUUID() + "." + suffix;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
