package io.commercebus.sandbox.walmart;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The feed file of a {@code POST /v3/feeds} request. Walmart's reference describes the upload as
 * {@code multipart/form-data} with the file in a part named {@code file}; clients also send the JSON
 * file as the whole body ({@code application/json}), and the sandbox takes both.
 *
 * @param file     the file's bytes
 * @param fileName the part's file name, if it had one
 */
record FeedUpload(byte[] file, String fileName) {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=(\"?)([^\";]+)\\1", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("[; ]name=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern FILE_NAME = Pattern.compile("filename=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

    /** The file of a request body with this Content-Type; a multipart body without a {@code file} part is refused. */
    static FeedUpload of(byte[] body, String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            return new FeedUpload(body, null);
        }
        Matcher boundary = BOUNDARY.matcher(contentType);
        if (!boundary.find()) {
            throw new InvalidParameter("Content-Type", "a multipart body needs a boundary");
        }
        // ISO-8859-1 maps every byte to one char and back, so the file's bytes survive untouched
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary.group(2);
        int at = text.indexOf(delimiter);
        while (at >= 0) {
            int headersStart = at + delimiter.length();
            if (text.startsWith("--", headersStart)) {
                break;
            }
            int headersEnd = text.indexOf("\r\n\r\n", headersStart);
            int next = text.indexOf("\r\n" + delimiter, headersEnd < 0 ? headersStart : headersEnd);
            if (headersEnd < 0 || next < 0) {
                break;
            }
            String headers = text.substring(headersStart, headersEnd);
            Matcher name = NAME.matcher(headers);
            if (name.find() && name.group(1).equals("file")) {
                Matcher fileName = FILE_NAME.matcher(headers);
                return new FeedUpload(Arrays.copyOfRange(body, headersEnd + 4, next), fileName.find() ? fileName.group(1) : null);
            }
            at = next + 2;
        }
        throw new InvalidParameter("file", "the multipart body has no part named 'file' holding the feed file");
    }
}
