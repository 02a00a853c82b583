package org.simgate.protocol.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;
import org.simgate.service.SlotException;
import org.simgate.service.SlotException.Kind;

/**
 * Reading the fields of a server's answer as a client: a field that is missing or not what it
 * should be is the server's fault, an INTERNAL {@link SlotException} that names the field and
 * never its value (it may be key material).
 */
final class AnswerFields {
    private static final HexFormat HEX = HexFormat.of();
    private static final int MAX_SERVER_MESSAGE = 200;

    private AnswerFields() {
    }

    static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static byte[] optionalHex(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? null : hex(json, field);
    }

    static byte[] hex(JsonNode json, String field) {
        return hexValue(json.get(field), field);
    }

    static byte[] hexValue(JsonNode value, String field) {
        if (value == null || !value.isTextual()) {
            throw new SlotException(Kind.INTERNAL, "server answered no '" + field + "' text");
        }
        try {
            return HEX.parseHex(value.asText());
        } catch (IllegalArgumentException e) {
            // the value may be key material: name the field only
            throw new SlotException(Kind.INTERNAL, "server answered '" + field + "' that is not hex");
        }
    }

    /** An error object's message, shortened and without control characters, and its status word if any. */
    static String errorMessage(JsonNode error) {
        String message = error.path("message").asText("no message");
        StringBuilder clean = new StringBuilder();
        message.codePoints().limit(MAX_SERVER_MESSAGE).forEach(c -> clean.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        String sw = error.path("status_word").asText("");
        return clean + (sw.isEmpty() ? "" : " (status word " + sw + ")");
    }
}
