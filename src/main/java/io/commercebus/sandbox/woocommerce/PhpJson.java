package io.commercebus.sandbox.woocommerce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.commercebus.support.Json;

/**
 * Writes JSON as WordPress does ({@code wp_json_encode}, PHP's {@code json_encode} with default flags):
 * {@code /} escaped as {@code \/} and every non-ASCII character as a lowercase {@code \u00e9} escape.
 * Webhook signatures cover these exact bytes, so a receiver that verifies a re-serialised body fails
 * here as it would against a real store.
 */
final class PhpJson {

    private static final ObjectMapper MAPPER = Json.configure(new ObjectMapper());

    static {
        MAPPER.getFactory().setCharacterEscapes(new PhpEscapes());
    }

    private PhpJson() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class PhpEscapes extends CharacterEscapes {

        private static final SerializedString SLASH = new SerializedString("\\/");
        private final int[] ascii = standardAsciiEscapesForJSON();

        PhpEscapes() {
            ascii['/'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == '/') {
                return SLASH;
            }
            // PHP escapes each UTF-16 unit, so characters beyond the BMP come out as a surrogate pair
            return ch > 0x7F ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }
}
