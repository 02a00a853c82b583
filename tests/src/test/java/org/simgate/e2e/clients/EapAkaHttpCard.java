package org.simgate.e2e.clients;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simgate side of neko-strongswan's eap-aka-http card (MercuryWorkshop/neko-strongswan,
 * src/libcharon/plugins/eap_aka_http/eap_aka_http_card.c), restated from what that file sends and
 * how it reads the answers, so that a test can hold simgate to it:
 * <ul>
 * <li>server {@code unix:/path}: a new AF_UNIX stream connection per request, sent at once:
 *     {@code GET /?<query> HTTP/1.0\r\nHost: simcard\r\nConnection: close\r\n\r\n};</li>
 * <li>it reads until the server closes (or 4095 bytes), takes the status code as
 *     {@code sscanf("HTTP/%*u.%*u %d")} does and the body after the first CRLFCRLF; anything but
 *     200 fails the card;</li>
 * <li>a value is found by {@code strstr} of {@code "key"}, then optional blanks, {@code :}, blanks,
 *     {@code "} and everything up to the next {@code "}; a null or missing value fails it; hex of
 *     either case, of even length;</li>
 * <li>get_quintuplet first asks {@code type=imsi} and goes on only if the IKE identity's user part
 *     is that IMSI or 0 and that IMSI; then {@code type=rand-autn&rand=<hex>&autn=<hex>} in lowercase
 *     ({@code %+B}); a 14-byte {@code "auts"} is a sync failure, its AUTS kept for resync(RAND);
 *     else {@code "res"} of 4 to 16 bytes and 16-byte {@code "ck"} and {@code "ik"}.</li>
 * </ul>
 */
final class EapAkaHttpCard {
    static final int MAX_RESPONSE = 4096;
    private static final int AKA_RES_MAX = 16;
    private static final int AKA_AUTS_LEN = 14;
    private static final int KEY_LEN = 16;
    private static final Pattern STATUS = Pattern.compile("HTTP/\\d+\\.\\d+ +(-?\\d+)");

    /** What get_quintuplet returns: SUCCESS with RES/CK/IK, INVALID_STATE (sync failure) or FAILED. */
    sealed interface Quintuplet {
    }

    record Success(byte[] res, byte[] ck, byte[] ik) implements Quintuplet {
    }

    record SyncFailure() implements Quintuplet {
    }

    record Failed(String why) implements Quintuplet {
    }

    private final Path socket;
    private byte[] autsRand;
    private byte[] auts;

    EapAkaHttpCard(Path socket) {
        this.socket = socket;
    }

    /** The exact bytes http_get writes for {@code query} with a unix: server (prefix "/", Host "simcard"). */
    static String request(String query) {
        return "GET /?" + query + " HTTP/1.0\r\nHost: simcard\r\nConnection: close\r\n\r\n";
    }

    Quintuplet getQuintuplet(String identity, byte[] rand, byte[] autn) throws IOException {
        String imsiAnswer = httpGet("type=imsi");
        String imsi = imsiAnswer == null ? null : jsonString(imsiAnswer, "imsi", 16);
        if (imsi == null) {
            return new Failed("no IMSI from the simcard server");
        }
        int at = identity.indexOf('@');
        String user = at < 0 ? identity : identity.substring(0, at);
        if (!user.equals(imsi) && !(user.startsWith("0") && user.substring(1).equals(imsi))) {
            return new Failed("simcard server IMSI does not match the identity");
        }
        HexFormat hex = HexFormat.of();
        String answer = httpGet("type=rand-autn&rand=" + hex.formatHex(rand) + "&autn=" + hex.formatHex(autn));
        if (answer == null) {
            return new Failed("HTTP request failed");
        }
        byte[] autsValue = jsonHex(answer, "auts", AKA_AUTS_LEN);
        if (autsValue != null && autsValue.length == AKA_AUTS_LEN) {
            autsRand = rand.clone();
            auts = autsValue;
            return new SyncFailure();
        }
        byte[] res = jsonHex(answer, "res", AKA_RES_MAX);
        byte[] ck = jsonHex(answer, "ck", KEY_LEN);
        byte[] ik = jsonHex(answer, "ik", KEY_LEN);
        if (res == null || res.length < 4 || ck == null || ck.length != KEY_LEN || ik == null || ik.length != KEY_LEN) {
            return new Failed("invalid AKA response from simcard server");
        }
        return new Success(res, ck, ik);
    }

    /** The AUTS of the last sync failure if it was for {@code rand}, once; else null (resync returns FALSE). */
    byte[] resync(byte[] rand) {
        if (auts == null || !java.util.Arrays.equals(autsRand, rand)) {
            return null;
        }
        byte[] found = auts;
        auts = null;
        return found;
    }

    /** The body of a 200 answer, else null. */
    String httpGet(String query) throws IOException {
        UnixSocketHttp.Exchange exchange = UnixSocketHttp.exchange(socket, request(query), MAX_RESPONSE - 1);
        String received = exchange.received();
        Matcher status = STATUS.matcher(received);
        if (!status.lookingAt() || Integer.parseInt(status.group(1)) != 200) {
            return null;
        }
        int head = received.indexOf("\r\n\r\n");
        return head < 0 ? "" : received.substring(head + 4);
    }

    /** json_string: the string value of {@code key}, or null when missing, no string, or {@code outlen} chars or longer. */
    static String jsonString(String json, String key, int outlen) {
        int pos = json.indexOf("\"" + key + "\"");
        if (pos < 0) {
            return null;
        }
        pos = skipBlanks(json, pos + key.length() + 2);
        if (pos >= json.length() || json.charAt(pos++) != ':') {
            return null;
        }
        pos = skipBlanks(json, pos);
        if (pos >= json.length() || json.charAt(pos++) != '"') {
            return null;
        }
        int end = json.indexOf('"', pos);
        if (end < 0 || end - pos >= outlen) {
            return null;
        }
        return json.substring(pos, end);
    }

    /** json_hex: the value of {@code key} as bytes, at most {@code maxBytes}, or null. */
    static byte[] jsonHex(String json, String key, int maxBytes) {
        String hex = jsonString(json, key, 2 * AKA_RES_MAX + 1);
        if (hex == null || hex.length() % 2 != 0 || hex.length() / 2 > maxBytes
                || !hex.chars().allMatch(c -> "0123456789abcdefABCDEF".indexOf(c) >= 0)) {
            return null;
        }
        return HexFormat.of().parseHex(hex);
    }

    private static int skipBlanks(String s, int pos) {
        while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
        return pos;
    }
}
