package io.commercebus.contract;

import com.fasterxml.jackson.databind.JsonNode;
import io.commercebus.support.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the JSON examples of API documentation written in Markdown (Slate style: a section per
 * operation, {@code ## Retrieve an order ##}, its response in a {@code ```json} block), for
 * checking bodies with {@link JsonShape}.
 */
public final class DocExamples {

    private static final Pattern HEADING = Pattern.compile("(#+) (.*?)(?: #+)?\\s*");

    private DocExamples() {
    }

    /** The first JSON example in the section with this heading (at any level, before its next sibling heading). */
    public static JsonNode example(Path markdown, String heading) throws IOException {
        int level = -1;
        boolean inCode = false;
        StringBuilder json = null;
        for (String line : Files.readAllLines(markdown)) {
            if (line.startsWith("```")) {
                if (json != null) {
                    return Json.mapper().readTree(json.toString());
                }
                inCode = !inCode;
                if (inCode && level > 0 && line.trim().equals("```json")) {
                    json = new StringBuilder();
                }
            } else if (json != null) {
                json.append(line).append('\n');
            } else if (!inCode) {
                // lines starting with # inside code blocks are shell comments, not headings
                Matcher h = HEADING.matcher(line);
                if (h.matches() && level < 0 && h.group(2).equals(heading)) {
                    level = h.group(1).length();
                } else if (h.matches() && level > 0 && h.group(1).length() <= level) {
                    break;
                }
            }
        }
        throw new IllegalArgumentException(level < 0 ? markdown + " has no section '" + heading + "'"
                : "Section '" + heading + "' of " + markdown + " has no JSON example");
    }
}
