package org.simgate.protocol.rest;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import org.simgate.service.SuciRequest;

/**
 * The query of {@code GET /sim-info-api/v1/slot/{n}/suci}: {@code scheme} (0 null-scheme, 1 Profile A,
 * 2 Profile B), {@code hn_key_id} (0 to 255; needed for 1 and 2), {@code hn_public_key} (hex; else
 * the configured key of that id), {@code routing_indicator} (1 to 4 digits; else the slot's, else 0).
 * As for usim-https, the first value of a repeated parameter counts and empty values count as absent.
 */
final class SuciQuery {
    private static final int MAX_ID_DIGITS = 3;

    private SuciQuery() {
    }

    static SuciRequest parse(String query) throws MalformedRequestException {
        Map<String, List<String>> parameters = new QueryStringDecoder(query == null ? "" : query, false).parameters();
        String scheme = first(parameters, "scheme");
        if (scheme == null) {
            throw new MalformedRequestException("scheme: missing (0 null-scheme, 1 Profile A, 2 Profile B)");
        }
        if (!scheme.matches("[0-9]")) {
            throw new MalformedRequestException("scheme: must be 0 (null-scheme), 1 (Profile A) or 2 (Profile B)");
        }
        String keyId = first(parameters, "hn_key_id");
        if (keyId != null && !keyId.matches("[0-9]{1," + MAX_ID_DIGITS + "}")) {
            throw new MalformedRequestException("hn_key_id: must be 0 to 255");
        }
        String keyText = first(parameters, "hn_public_key");
        byte[] key = null;
        if (keyText != null) {
            key = Hex.decode(keyText);
            if (key == null) {
                throw new MalformedRequestException("hn_public_key: must be hex");
            }
        }
        try {
            return new SuciRequest(Integer.parseInt(scheme), keyId == null ? null : Integer.valueOf(keyId), key,
                    first(parameters, "routing_indicator"));
        } catch (IllegalArgumentException e) {
            // the record's messages name the parameter and never its value
            throw new MalformedRequestException(e.getMessage());
        }
    }

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
            return null;
        }
        return values.get(0);
    }
}
