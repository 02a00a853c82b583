package org.simgate.protocol.rest;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import org.simgate.service.Application;

/**
 * A usim_https_server request, {@code /?type=imsi|rand-autn|apdu&...}. Like the original (Python's
 * parse_qs), the first value of a repeated parameter counts and empty values count as absent.
 *
 * @param slot        from {@code slot=}, else the service's default slot
 * @param rand        and autn for {@link Type#RAND_AUTN}, apdu for {@link Type#APDU}, else null
 * @param application for {@link Type#RAND_AUTN}: {@code app=usim|isim} (NekoIMS sends it, ISIM by
 *                    default), else USIM; the IMSI is always the USIM's, as NekoIMS asks for it
 *                    without {@code app}
 */
record UsimHttpsQuery(Type type, int slot, byte[] rand, byte[] autn, byte[] apdu, Application application) {

    enum Type { IMSI, RAND_AUTN, APDU }

    private static final int MAX_SLOT_DIGITS = 9;

    static UsimHttpsQuery parse(String query, int defaultSlot) throws MalformedRequestException {
        if (query == null) {
            throw new MalformedRequestException("missing type parameter");
        }
        Map<String, List<String>> parameters = new QueryStringDecoder(query, false).parameters();
        String type = first(parameters, "type");
        if (type == null) {
            throw new MalformedRequestException("missing type parameter");
        }
        int slot = slot(first(parameters, "slot"), defaultSlot);
        switch (type) {
            case "imsi":
                return new UsimHttpsQuery(Type.IMSI, slot, null, null, null, Application.USIM);
            case "rand-autn":
                return new UsimHttpsQuery(Type.RAND_AUTN, slot, sixteenBytes(parameters, "rand"),
                        sixteenBytes(parameters, "autn"), null, application(first(parameters, "app")));
            case "apdu":
                return new UsimHttpsQuery(Type.APDU, slot, null, null, apdu(first(parameters, "hex")), Application.USIM);
            default:
                throw new MalformedRequestException("unknown type (imsi, rand-autn or apdu)");
        }
    }

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
            return null;
        }
        return values.get(0);
    }

    private static int slot(String text, int defaultSlot) throws MalformedRequestException {
        if (text == null) {
            return defaultSlot;
        }
        if (text.length() > MAX_SLOT_DIGITS) {
            throw new MalformedRequestException("bad slot number");
        }
        int slot = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new MalformedRequestException("bad slot number");
            }
            slot = slot * 10 + (c - '0');
        }
        return slot;
    }

    private static byte[] sixteenBytes(Map<String, List<String>> parameters, String name)
            throws MalformedRequestException {
        String text = first(parameters, name);
        byte[] bytes = text == null ? null : Hex.decode(text);
        if (bytes == null || bytes.length != 16) {
            throw new MalformedRequestException(name + " must be 16 bytes of hex (32 digits)");
        }
        return bytes;
    }

    /** {@code usim} or {@code isim} in any case, as sim-auth's {@code application}; absent: USIM. */
    private static Application application(String text) throws MalformedRequestException {
        if (text == null || text.equalsIgnoreCase("usim")) {
            return Application.USIM;
        }
        if (text.equalsIgnoreCase("isim")) {
            return Application.ISIM;
        }
        throw new MalformedRequestException("unknown app (usim or isim)");
    }

    private static byte[] apdu(String text) throws MalformedRequestException {
        byte[] apdu = text == null ? null : Hex.decode(text);
        if (apdu == null) {
            throw new MalformedRequestException(text != null && Hex.oddDigits(text) ? "hex " + Hex.ODD_DIGITS
                    : "hex must be a C-APDU in hex");
        }
        if (apdu.length < RequestBodies.MIN_APDU_BYTES) {
            throw new MalformedRequestException("hex is shorter than " + RequestBodies.MIN_APDU_BYTES + " bytes");
        }
        return apdu;
    }
}
