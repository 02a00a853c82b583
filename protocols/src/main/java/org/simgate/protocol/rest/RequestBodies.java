package org.simgate.protocol.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.simgate.service.Application;
import org.simgate.service.AuthRequest;
import org.simgate.service.DeriveRequest;

/**
 * Reads the JSON bodies of the REST API with Jackson's streaming parser: no object tree, no
 * intermediate Strings for hex. Unknown fields are ignored, as pySim's server does. Jackson's own
 * exceptions (bad JSON) propagate as IOException; their text quotes the body, so callers answer
 * them with a fixed message.
 */
final class RequestBodies {
    /** APDUs per apdu-api request; one transaction holds the slot, so it stays short. */
    static final int MAX_APDUS = 64;
    static final int MIN_APDU_BYTES = 4;

    /** Stands for a derive field that was given but is no string, so that only its use is an error. */
    private static final Object NOT_A_STRING = new Object();

    /** A request's key an error may quote: short, and nothing a terminal or a log would interpret. */
    private static final Pattern QUOTABLE_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,40}");

    /** Thread-safe and costly to build: one for the process. */
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private RequestBodies() {
    }

    /**
     * {@code {"rand": hex16, "autn": hex16, "application"?: "USIM"|"ISIM", "derive"?: {...}}}, with
     * derive as {@link #derive} reads it. {@code "app"} is taken for {@code "application"}, as
     * usim-https's {@code app=} query parameter is named.
     */
    static AuthRequest authRequest(ByteBuf body) throws IOException, MalformedRequestException {
        try (JsonParser parser = parser(body)) {
            startObject(parser);
            byte[] rand = null;
            byte[] autn = null;
            Application application = Application.USIM;
            DeriveRequest derive = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "rand" -> rand = sixteenBytes(parser, value, "rand");
                    case "autn" -> autn = sixteenBytes(parser, value, "autn");
                    case "application", "app" -> application = application(parser, value);
                    case "derive" -> derive = derive(parser, value);
                    default -> parser.skipChildren();
                }
            }
            endOfInput(parser);
            if (rand == null) {
                throw new MalformedRequestException("missing rand");
            }
            if (autn == null) {
                throw new MalformedRequestException("missing autn");
            }
            return new AuthRequest(application, rand, autn, derive);
        }
    }

    /**
     * {@code "derive": {"5g"?: {"serving_network_name", "supi"?, "abba"?}, "eap_aka_prime"?:
     * {"network_name", "identity"}, "eps"?: {"plmn"} | {"mcc", "mnc"}, "gba"?: {"naf_id", "impi"}}}; null
     * stands for no derive.
     * Each problem is named by its path, e.g. {@code derive.5g.serving_network_name: …}.
     */
    static DeriveRequest derive(JsonParser parser, JsonToken value) throws IOException, MalformedRequestException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        Map<String, Map<String, Object>> parts = new HashMap<>();
        List<String> unknownParts = new ArrayList<>();
        requireObject(value, "derive");
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String part = parser.currentName();
            JsonToken partValue = parser.nextToken();
            if (part.equals("5g") || part.equals("eap_aka_prime") || part.equals("eps") || part.equals("gba")) {
                if (partValue != JsonToken.VALUE_NULL) {
                    parts.put(part, fields(parser, partValue, "derive." + part));
                }
            } else {
                // a newer client's part is ignored next to one this server knows; alone, it is named below
                unknownParts.add(part);
                parser.skipChildren();
            }
        }
        if (parts.isEmpty() && !unknownParts.isEmpty()) {
            throw new MalformedRequestException("derive: ask for at least one of 5g, eap_aka_prime, eps, gba; "
                    + quotableKeys(unknownParts) + (unknownParts.size() == 1 ? " is" : " are") + " none of them");
        }
        try {
            return new DeriveRequest(fiveG(parts.get("5g")), eapAkaPrime(parts.get("eap_aka_prime")), eps(parts.get("eps")),
                    gba(parts.get("gba")));
        } catch (IllegalArgumentException e) {
            // the records' own messages: field and problem, never a value
            throw new MalformedRequestException(e.getMessage());
        }
    }

    private static DeriveRequest.FiveG fiveG(Map<String, Object> fields) throws MalformedRequestException {
        if (fields == null) {
            return null;
        }
        String abbaText = text(fields, "abba", "derive.5g");
        byte[] abba = null;
        if (abbaText != null) {
            abba = Hex.decode(abbaText);
            if (abba == null) {
                throw new MalformedRequestException("derive.5g.abba: must be hex");
            }
        }
        try {
            return new DeriveRequest.FiveG(text(fields, "serving_network_name", "derive.5g"),
                    text(fields, "supi", "derive.5g"), abba);
        } catch (IllegalArgumentException e) {
            throw new MalformedRequestException("derive.5g." + e.getMessage());
        }
    }

    private static DeriveRequest.EapAkaPrime eapAkaPrime(Map<String, Object> fields) throws MalformedRequestException {
        if (fields == null) {
            return null;
        }
        try {
            return new DeriveRequest.EapAkaPrime(text(fields, "network_name", "derive.eap_aka_prime"),
                    text(fields, "identity", "derive.eap_aka_prime"));
        } catch (IllegalArgumentException e) {
            throw new MalformedRequestException("derive.eap_aka_prime." + e.getMessage());
        }
    }

    /** {@code {"naf_id": "<FQDN>|<Ua security protocol id hex>", "impi"}}. */
    private static DeriveRequest.Gba gba(Map<String, Object> fields) throws MalformedRequestException {
        if (fields == null) {
            return null;
        }
        try {
            return DeriveRequest.Gba.parse(text(fields, "naf_id", "derive.gba"), text(fields, "impi", "derive.gba"));
        } catch (IllegalArgumentException e) {
            throw new MalformedRequestException("derive.gba." + e.getMessage());
        }
    }

    private static DeriveRequest.Eps eps(Map<String, Object> fields) throws MalformedRequestException {
        if (fields == null) {
            return null;
        }
        String plmn = text(fields, "plmn", "derive.eps");
        String mcc = text(fields, "mcc", "derive.eps");
        String mnc = text(fields, "mnc", "derive.eps");
        try {
            if (plmn != null) {
                if (mcc != null || mnc != null) {
                    throw new MalformedRequestException("derive.eps: give plmn, or mcc and mnc, not both");
                }
                return DeriveRequest.Eps.ofPlmn(plmn);
            }
            if (mcc == null && mnc == null) {
                throw new MalformedRequestException("derive.eps: give plmn, or mcc and mnc");
            }
            return new DeriveRequest.Eps(mcc, mnc);
        } catch (IllegalArgumentException e) {
            throw new MalformedRequestException("derive.eps." + e.getMessage());
        }
    }

    /** The string fields of one flat object; anything else in it is a type error unless null. */
    private static Map<String, Object> fields(JsonParser parser, JsonToken value, String path)
            throws IOException, MalformedRequestException {
        requireObject(value, path);
        Map<String, Object> fields = new HashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken fieldValue = parser.nextToken();
            if (fieldValue == JsonToken.VALUE_STRING) {
                fields.put(field, parser.getText());
            } else if (fieldValue != JsonToken.VALUE_NULL) {
                fields.put(field, NOT_A_STRING);
                parser.skipChildren();
            }
        }
        return fields;
    }

    /** The keys as an error may quote them: short and printable, else not echoed at all. */
    private static String quotableKeys(List<String> keys) {
        boolean quotable = keys.size() <= 3 && keys.stream().allMatch(key -> QUOTABLE_KEY.matcher(key).matches());
        return quotable ? "\"" + String.join("\", \"", keys) + "\"" : "what was asked for";
    }

    private static String text(Map<String, Object> fields, String name, String path) throws MalformedRequestException {
        Object value = fields.get(name);
        if (value == NOT_A_STRING) {
            throw new MalformedRequestException(path + "." + name + ": must be a string");
        }
        return (String) value;
    }

    private static void requireObject(JsonToken value, String path) throws MalformedRequestException {
        if (value != JsonToken.START_OBJECT) {
            throw new MalformedRequestException(path + ": must be an object");
        }
    }

    /** {@code {"apdus": ["00A4...", ...]}}: 1 to {@link #MAX_APDUS} C-APDUs of 4 bytes or more. */
    static List<byte[]> apdus(ByteBuf body) throws IOException, MalformedRequestException {
        try (JsonParser parser = parser(body)) {
            startObject(parser);
            List<byte[]> apdus = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("apdus")) {
                    apdus = apduList(parser, value);
                } else {
                    parser.skipChildren();
                }
            }
            endOfInput(parser);
            if (apdus == null) {
                throw new MalformedRequestException("missing apdus");
            }
            if (apdus.isEmpty()) {
                throw new MalformedRequestException("apdus is empty");
            }
            return apdus;
        }
    }

    private static List<byte[]> apduList(JsonParser parser, JsonToken value)
            throws IOException, MalformedRequestException {
        if (value != JsonToken.START_ARRAY) {
            throw new MalformedRequestException("apdus must be a list of hex strings");
        }
        List<byte[]> apdus = new ArrayList<>();
        JsonToken element;
        while ((element = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (element != JsonToken.VALUE_STRING) {
                throw new MalformedRequestException("apdus must be a list of hex strings");
            }
            if (apdus.size() == MAX_APDUS) {
                throw new MalformedRequestException("too many apdus (at most " + MAX_APDUS + ")");
            }
            byte[] apdu = Hex.decode(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
            if (apdu == null) {
                boolean odd = Hex.oddDigits(CharBuffer.wrap(parser.getTextCharacters(), parser.getTextOffset(),
                        parser.getTextLength()));
                throw new MalformedRequestException("apdu " + apdus.size() + (odd ? " " + Hex.ODD_DIGITS : " is not hex"));
            }
            if (apdu.length < MIN_APDU_BYTES) {
                throw new MalformedRequestException("apdu " + apdus.size() + " is shorter than "
                        + MIN_APDU_BYTES + " bytes");
            }
            apdus.add(apdu);
        }
        return apdus;
    }

    private static byte[] sixteenBytes(JsonParser parser, JsonToken value, String field)
            throws IOException, MalformedRequestException {
        if (value == JsonToken.VALUE_STRING) {
            byte[] bytes = Hex.decode(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
            if (bytes != null && bytes.length == 16) {
                return bytes;
            }
        }
        throw new MalformedRequestException(field + " must be 16 bytes of hex (32 digits)");
    }

    private static Application application(JsonParser parser, JsonToken value)
            throws IOException, MalformedRequestException {
        if (value == JsonToken.VALUE_NULL) {
            return Application.USIM;
        }
        if (value == JsonToken.VALUE_STRING) {
            String name = parser.getText();
            if (name.equalsIgnoreCase("USIM")) {
                return Application.USIM;
            }
            if (name.equalsIgnoreCase("ISIM")) {
                return Application.ISIM;
            }
        }
        throw new MalformedRequestException("unknown application (USIM or ISIM)");
    }

    private static JsonParser parser(ByteBuf body) throws IOException {
        if (body.hasArray()) {
            return JSON.createParser(body.array(), body.arrayOffset() + body.readerIndex(), body.readableBytes());
        }
        return JSON.createParser((InputStream) new ByteBufInputStream(body));
    }

    private static void startObject(JsonParser parser) throws IOException, MalformedRequestException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new MalformedRequestException("body must be a JSON object");
        }
    }

    private static void endOfInput(JsonParser parser) throws IOException, MalformedRequestException {
        if (parser.nextToken() != null) {
            throw new MalformedRequestException("body must be one JSON object");
        }
    }
}
